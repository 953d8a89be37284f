import { describe, expect, it } from 'vitest';
import { ifRangeAllows, parseRangeSet } from './byte-ranges.ts';
import { headerValue } from './header-list.ts';

// Each row as nginx 1.22 answered it for a 20-byte answer with proxy_force_ranges on.
describe('parseRangeSet (a 20-byte body)', () => {
  it.each([
    ['0-4', { start: 0, end: 4 }],
    ['-3', { start: 17, end: 19 }],
    ['15-', { start: 15, end: 19 }],
    ['15-100', { start: 15, end: 19 }],
    ['0-0', { start: 0, end: 0 }],
    [' 1 - 2 ', { start: 1, end: 2 }],
    ['0-', { start: 0, end: 19 }],
    ['-25', { start: 0, end: 19 }],
    ['0-1,3-4', 'declined'],
    ['3-3, 5-6', 'declined'],
    ['abc', 'unsatisfiable'],
    ['5-2', 'unsatisfiable'],
    ['20-', 'unsatisfiable'],
    ['1-2,', 'unsatisfiable'],
    ['-0', 'unsatisfiable'],
    ['', 'unsatisfiable'],
    ['99999999999999999999-', 'unsatisfiable'],
  ] as const)('bytes=%s', (value, expected) => {
    expect(parseRangeSet(value, 20)).toEqual(expected);
  });

  it('declines a range of an empty body that starts at 0', () => {
    expect(parseRangeSet('0-4', 0)).toBe('declined');
  });
});

describe('If-Range', () => {
  it.each([
    [undefined, '"e1"', undefined, true],
    ['"e1"', '"e1"', undefined, true],
    ['"zz"', '"e1"', undefined, false],
    ['W/"e1"', '"e1"', undefined, false],
    ['"e1"', undefined, 'Mon, 01 Jan 2024 00:00:00 GMT', false],
    ['Mon, 01 Jan 2024 00:00:00 GMT', '"e1"', 'Mon, 01 Jan 2024 00:00:00 GMT', true],
    ['Tue, 02 Jan 2024 00:00:00 GMT', '"e1"', 'Mon, 01 Jan 2024 00:00:00 GMT', false],
    ['Mon, 01 Jan 2024 00:00:00 GMT', '"e1"', undefined, false],
  ] as const)('If-Range %s, ETag %s, Last-Modified %s → %s', (ifRange, etag, lastModified, allowed) => {
    expect(ifRangeAllows(ifRange, etag, lastModified)).toBe(allowed);
  });
});

// pipeline/force-ranges.ts reads the client's raw header lines with header-list.ts.
it('reads the first of several Range lines', () => {
  expect(headerValue(['Host', 'x', 'Range', 'bytes=0-1', 'range', 'bytes=2-3'], 'range')).toBe('bytes=0-1');
  expect(headerValue(['Host', 'x'], 'range')).toBeUndefined();
});
