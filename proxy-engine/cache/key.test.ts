import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashKey, parseVary, RECENT_HASHES_MAX, recentHashCount, variantKey } from './key.ts';

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

describe('hashKey memo', () => {
  const md5 = (key: string) => createHash('md5').update(key).digest('hex');
  it('answers a remembered key with the same MD5 as a fresh one', () => {
    expect(hashKey('httpa.test/x')).toBe(md5('httpa.test/x'));
    expect(hashKey('httpa.test/x')).toBe(md5('httpa.test/x'));
    const long = `k${'x'.repeat(2000)}`;
    expect(hashKey(long)).toBe(md5(long));
  });
  it('stays bounded however many keys pass', () => {
    for (let i = 0; i < RECENT_HASHES_MAX * 2 + 10; i++) expect(hashKey(`key-${i}`)).toBe(md5(`key-${i}`));
    expect(recentHashCount()).toBeLessThanOrEqual(RECENT_HASHES_MAX);
    expect(recentHashCount()).toBeGreaterThan(0);
  });
});
