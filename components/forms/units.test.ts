import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, parseDuration, parseSize } from './units.ts';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30000],
    ['5m', 300000],
    ['1m30s', 90000],
    ['2h', 7200000],
    ['60', 60000],
    ['1.5s', 1500],
    ['', null],
    ['abc', null],
    ['5 x', null],
    ['5s junk', null],
  ])('parses %j', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each([
    [60000, '1m'],
    [1500, '1500ms'],
    [0, '0s'],
    [86400000, '1d'],
    [30000, '30s'],
  ])('formats %j', (ms, text) => expect(formatDuration(ms)).toBe(text));
  it('round-trips', () => {
    for (const ms of [1, 999, 1000, 61000, 3600000, 5400000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});

describe('sizes', () => {
  it.each([
    ['512', 512],
    ['64k', 65536],
    ['10m', 10485760],
    ['1g', 1073741824],
    ['1.5k', 1536],
    ['10 MB', 10485760],
    ['x', null],
  ])('parses %j', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it.each([
    [1048576, '1m'],
    [1536, '1536'],
    [0, '0'],
  ])('formats %j', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});
