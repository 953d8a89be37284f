import { describe, expect, it } from 'vitest';
import { covers, issuableNames } from './names.ts';

describe('certificate names', () => {
  it('orders only names HTTP-01 can validate', () => {
    expect(issuableNames(['app.test', '*.app.test', '.app.test', 'www.app.*', '~^x', 'localhost', '10.0.0.1', 'www.app.test'])).toEqual(['app.test', 'www.app.test']);
  });

  it.each([
    { pattern: 'app.test', name: 'app.test', expected: true },
    { pattern: '*.app.test', name: 'www.app.test', expected: true },
    { pattern: '*.app.test', name: 'app.test', expected: false },
    { pattern: '*.app.test', name: 'a.b.app.test', expected: false },
    { pattern: 'app.test', name: 'www.app.test', expected: false },
  ])('$pattern covers $name: $expected', ({ pattern, name, expected }) => expect(covers(pattern, name)).toBe(expected));
});
