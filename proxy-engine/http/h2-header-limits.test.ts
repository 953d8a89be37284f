import { describe, expect, it } from 'vitest';
import { h2HeaderProblem, hpackLiteralLength } from './h2-header-limits.ts';

describe('hpackLiteralLength', () => {
  it.each([
    ['', 0],
    ['aaaaaaaa', 5], // 8 × 5 bits
    ['xxxxxxxx', 7], // 8 × 7 bits
    ['<<<<', 4], // 15-bit codes: raw is shorter
    ['/index.html', 8],
  ] as const)('%j → %i', (value, length) => {
    expect(hpackLiteralLength(value)).toBe(length);
  });
});

describe('h2HeaderProblem (4 × 8k)', () => {
  const buffers = { count: 4, sizeBytes: 8192 };
  it.each([
    ['fits', [':path', '/', 'cookie', 'x'.repeat(9000)], null],
    ['a value too long coded', [':path', '/', 'cookie', 'x'.repeat(9400)], 'client sent too large header field'],
    ['a name too long coded', [':path', '/', `x-${'<'.repeat(8200)}`, 'v'], 'client sent too large header field'],
    ['all fields over 32k decoded', [':path', '/', ...[1, 2, 3, 4, 5].flatMap((i) => [`x-${i}`, 'a'.repeat(7000)])], 'client sent too large header'],
  ] as const)('%s', (_desc, raw, problem) => {
    expect(h2HeaderProblem(raw, buffers)).toBe(problem);
  });
});
