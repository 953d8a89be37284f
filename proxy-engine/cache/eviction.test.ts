import { describe, expect, it } from 'vitest';
import { LruIndex } from './eviction.ts';

const entry = (hash: string, fileSize: number, lastAccess = 0) => ({ hash, fileSize, lastAccess });

describe('LruIndex', () => {
  it('evicts least recently used first, beyond max bytes', () => {
    const index = new LruIndex<ReturnType<typeof entry>>();
    index.add(entry('a', 40));
    index.add(entry('b', 40));
    index.add(entry('c', 40));
    index.touch(index.peek('a')!, 1);
    const victims = index.evictOverLimits({ maxBytes: 80, maxEntries: 10 });
    expect(victims.map((v) => v.hash)).toEqual(['b']);
    expect(index.bytes).toBe(80);
  });
  it('evicts beyond max entries', () => {
    const index = new LruIndex<ReturnType<typeof entry>>();
    for (const h of ['a', 'b', 'c']) index.add(entry(h, 1));
    expect(index.evictOverLimits({ maxBytes: 1e9, maxEntries: 1 }).map((v) => v.hash)).toEqual(['a', 'b']);
  });
  it('replacing keeps the byte count right', () => {
    const index = new LruIndex<ReturnType<typeof entry>>();
    index.add(entry('a', 10));
    index.add(entry('a', 25));
    expect([index.size, index.bytes]).toEqual([1, 25]);
  });
  it('expires inactive entries, oldest first, stopping at the first active one', () => {
    const index = new LruIndex<ReturnType<typeof entry>>();
    index.add(entry('a', 1, 100));
    index.add(entry('b', 1, 200));
    index.add(entry('c', 1, 900));
    expect(index.evictInactive(1000, 750).map((v) => v.hash)).toEqual(['a', 'b']);
    expect(index.size).toBe(1);
  });
});
