import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemoryLimiterStore } from './store.ts';

// A real collection before each heap reading, so that garbage does not count.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('MemoryLimiterStore', () => {
  it('keeps at most maxEntries keys: 100,000 distinct keys into 10,000', () => {
    const store = new MemoryLimiterStore<{ excess: number; last: number }>({ maxEntries: 10_000 });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) store.set(`198.51.${i >> 8}.${i & 255}-${i}`, { excess: i, last: i });
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(store.size).toBe(10_000);
    // The newest 10,000 survive; the oldest went first.
    expect(store.get('198.51.0.0-0')).toBeUndefined();
    expect(store.get(`198.51.${99_999 >> 8}.${99_999 & 255}-99999`)).toEqual({ excess: 99_999, last: 99_999 });
    // 10,000 entries with their keys are ~2 MB; 100,000 kept would be ~20 MB.
    expect(grown).toBeLessThan(5 * 1024 * 1024);
  });

  it('evicts the least recently used, where get counts as a use', () => {
    const store = new MemoryLimiterStore<number>({ maxEntries: 3 });
    store.set('a', 1);
    store.set('b', 2);
    store.set('c', 3);
    expect(store.get('a')).toBe(1);
    store.set('d', 4);
    expect([store.get('a'), store.get('b'), store.get('c'), store.get('d')]).toEqual([1, undefined, 3, 4]);
  });

  it('updates in place without growing', () => {
    const store = new MemoryLimiterStore<number>({ maxEntries: 2 });
    store.set('a', 1);
    store.set('a', 2);
    store.set('b', 3);
    expect(store.size).toBe(2);
    expect(store.get('a')).toBe(2);
  });

  it('drops up to two expired entries from the old end on insert', () => {
    const dead = new Set<number>();
    const store = new MemoryLimiterStore<number>({ maxEntries: 100, isExpired: (v) => dead.has(v) });
    store.set('x', 1);
    store.set('y', 2);
    store.set('z', 3);
    for (const v of [1, 2, 3]) dead.add(v);
    store.set('k', 4);
    // Inserting k dropped x and y (two at most); z goes with the next insert.
    expect(store.size).toBe(2);
    store.set('m', 5);
    expect(store.size).toBe(2);
    expect(store.get('z')).toBeUndefined();
    expect(store.get('k')).toBe(4);
  });

  it('stops expiring at the first live entry', () => {
    const store = new MemoryLimiterStore<number>({ maxEntries: 100, isExpired: (v) => v < 0 });
    store.set('live', 1);
    store.set('dead', -1);
    store.set('new', 2);
    expect(store.size).toBe(3);
  });

  it('shrinks on resize and deletes', () => {
    const store = new MemoryLimiterStore<number>({ maxEntries: 5 });
    for (let i = 0; i < 5; i++) store.set(String(i), i);
    store.resize(2);
    expect(store.size).toBe(2);
    expect(store.get('4')).toBe(4);
    store.delete('4');
    store.delete('nope');
    expect(store.size).toBe(1);
    store.set('5', 5);
    store.set('6', 6);
    expect(store.size).toBe(2);
    expect(store.get('3')).toBeUndefined();
  });
});
