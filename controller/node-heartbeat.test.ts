// The requests/s a node reports: a rate over the beat's interval, from a counter that starts
// again at 0 when the engine restarts.
import { describe, expect, it } from 'vitest';
import { requestRate } from './node-heartbeat.ts';

describe('requestRate', () => {
  const cases: { desc: string; previous: { requests: number; at: number } | null; requests: number; at: number; expected: number }[] = [
    { desc: 'no earlier reading: 0', previous: null, requests: 500, at: 2_000, expected: 0 },
    { desc: '400 requests in 2 s', previous: { requests: 100, at: 0 }, requests: 500, at: 2_000, expected: 200 },
    { desc: 'rounded to a tenth', previous: { requests: 0, at: 0 }, requests: 1, at: 3_000, expected: 0.3 },
    { desc: 'the engine restarted: its new count is what it did since', previous: { requests: 900, at: 0 }, requests: 50, at: 2_000, expected: 25 },
    { desc: 'no time passed: 0', previous: { requests: 0, at: 5 }, requests: 10, at: 5, expected: 0 },
  ];
  it.each(cases)('$desc', ({ previous, requests, at, expected }) => {
    expect(requestRate(previous, requests, at)).toBe(expected);
  });
});
