import { describe, expect, it } from 'vitest';
import { hashKey, parseVary, variantKey } from './key.ts';

describe('parseVary', () => {
  const cases = [
    { desc: 'none', values: [], expected: null },
    { desc: 'names, sorted, lower-case, once', values: ['Origin, Accept-Encoding', 'accept-encoding'], expected: ['accept-encoding', 'origin'] },
    { desc: 'star', values: ['Accept-Encoding, *'], expected: 'uncacheable' },
    { desc: 'too long', values: ['a'.repeat(129)], expected: 'uncacheable' },
    { desc: 'empty value', values: [''], expected: null },
  ];
  it.each(cases)('$desc', ({ values, expected }) => expect(parseVary(values)).toEqual(expected));
});

describe('variantKey', () => {
  it('is the base key without Vary', () => expect(variantKey('httpapp/x', null, { 'accept-encoding': 'gzip' })).toBe('httpapp/x'));
  it('differs by the named request headers only', () => {
    const a = variantKey('k', ['accept-encoding'], { 'accept-encoding': 'gzip', cookie: 'a' });
    const b = variantKey('k', ['accept-encoding'], { 'accept-encoding': 'gzip', cookie: 'b' });
    const c = variantKey('k', ['accept-encoding'], { 'accept-encoding': 'br' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
  it('hashes like nginx (MD5 hex)', () => expect(hashKey('httplocalhost/')).toMatch(/^[0-9a-f]{32}$/));
});
