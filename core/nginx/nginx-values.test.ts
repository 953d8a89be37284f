import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, parseDurationMs, parseOffset, parseSize, type TimeKind } from './nginx-values.ts';

describe('parseDurationMs (ngx_parse_time)', () => {
  const cases: { desc: string; input: string; kind: TimeKind; expected: number | null }[] = [
    { desc: 'bare number is seconds', input: '60', kind: 'msec', expected: 60000 },
    { desc: 'seconds', input: '60s', kind: 'msec', expected: 60000 },
    { desc: 'milliseconds', input: '500ms', kind: 'msec', expected: 500 },
    { desc: 'minutes', input: '10m', kind: 'sec', expected: 600000 },
    { desc: 'hours', input: '1h', kind: 'msec', expected: 3600000 },
    { desc: 'days', input: '30d', kind: 'sec', expected: 30 * 86400000 },
    { desc: 'weeks', input: '2w', kind: 'sec', expected: 14 * 86400000 },
    { desc: 'months are 30 days (sec only)', input: '1M', kind: 'sec', expected: 30 * 86400000 },
    { desc: 'years are 365 days (sec only)', input: '1y', kind: 'sec', expected: 365 * 86400000 },
    { desc: 'units combine largest first', input: '1h30m', kind: 'msec', expected: 5400000 },
    { desc: 'blanks between units', input: '1h 30m 5s', kind: 'msec', expected: 5405000 },
    { desc: 'trailing bare number adds seconds', input: '1m30', kind: 'msec', expected: 90000 },
    { desc: 'ms after s', input: '1s500ms', kind: 'msec', expected: 1500 },
    { desc: 'zero', input: '0', kind: 'sec', expected: 0 },
    { desc: 'y not allowed for msec directives', input: '1y', kind: 'msec', expected: null },
    { desc: 'M not allowed for msec directives', input: '1M', kind: 'msec', expected: null },
    { desc: 'ms not allowed for sec directives', input: '500ms', kind: 'sec', expected: null },
    { desc: 'units out of order', input: '30m1h', kind: 'msec', expected: null },
    { desc: 'unit twice', input: '1s1s', kind: 'msec', expected: null },
    { desc: 'unknown unit', input: '5x', kind: 'msec', expected: null },
    { desc: 'empty', input: '', kind: 'msec', expected: null },
    { desc: 'unit without number is zero (as nginx)', input: '1h m', kind: 'msec', expected: 3600000 },
    { desc: 'only a unit', input: 's', kind: 'msec', expected: null },
    { desc: 'negative', input: '-1s', kind: 'msec', expected: null },
    { desc: 'decimal', input: '1.5s', kind: 'msec', expected: null },
  ];
  it.each(cases)('$desc: "$input"', ({ input, kind, expected }) => {
    expect(parseDurationMs(input, kind)).toBe(expected);
  });
});

describe('parseSize / parseOffset', () => {
  const cases: { input: string; size: number | null; offset: number | null }[] = [
    { input: '512', size: 512, offset: 512 },
    { input: '512k', size: 512 * 1024, offset: 512 * 1024 },
    { input: '4K', size: 4096, offset: 4096 },
    { input: '10m', size: 10 * 1024 * 1024, offset: 10 * 1024 * 1024 },
    { input: '50M', size: 50 * 1024 * 1024, offset: 50 * 1024 * 1024 },
    // ngx_parse_size has no "g" in nginx 1.22; ngx_parse_offset (client_max_body_size, max_size) does.
    { input: '1g', size: null, offset: 1024 ** 3 },
    { input: '1G', size: null, offset: 1024 ** 3 },
    { input: '', size: null, offset: null },
    { input: 'm', size: null, offset: null },
    { input: '1.5m', size: null, offset: null },
    { input: '10mb', size: null, offset: null },
  ];
  it.each(cases)('"$input"', ({ input, size, offset }) => {
    expect(parseSize(input)).toBe(size);
    expect(parseOffset(input)).toBe(offset);
  });
});

describe('formatting for the exporter reads back the same value', () => {
  it.each([0, 500, 1000, 60000, 90000, 3600000, 86400000, 31536000000, 1234])('%i ms', (ms) => {
    expect(parseDurationMs(formatDuration(ms, 'msec'), 'msec')).toBe(ms);
    if (ms % 1000 === 0) expect(parseDurationMs(formatDuration(ms, 'sec'), 'sec')).toBe(ms);
  });
  it.each([1, 1023, 1024, 10 * 1024 * 1024, 1024 ** 3, 3 * 1024 ** 3 + 1])('%i bytes', (bytes) => {
    expect(parseOffset(formatSize(bytes, true))).toBe(bytes);
    expect(parseSize(formatSize(bytes, false))).toBe(bytes);
  });
});
