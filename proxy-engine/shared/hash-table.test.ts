import { describe, expect, it } from 'vitest';
import { SharedHashTable } from './hash-table.ts';
import { DIGEST_LENGTH, encodeKey } from './key-bytes.ts';

function table(maxEntries: number): SharedHashTable {
  const buffer = new SharedArrayBuffer(SharedHashTable.bytesFor(maxEntries));
  return new SharedHashTable(buffer, 0, maxEntries, true);
}

function put(t: SharedHashTable, key: string, value: number): number {
  const slot = t.insert(encodeKey(key), 0);
  if (slot !== -1) t.setInt(slot, value);
  return slot;
}

function valueOf(t: SharedHashTable, key: string): number | undefined {
  const slot = t.find(encodeKey(key));
  return slot === -1 ? undefined : t.int(slot);
}

describe('SharedHashTable', () => {
  it('agrees with a Map through random inserts and removes (probe runs shift back on removal)', () => {
    const t = table(300);
    const model = new Map<string, number>();
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let step = 0; step < 20_000; step++) {
      const key = `k${Math.floor(random() * 600)}`;
      const slot = t.find(encodeKey(key));
      if (slot !== -1) {
        expect(model.has(key)).toBe(true);
        if (random() < 0.5) {
          t.remove(slot);
          model.delete(key);
        }
      } else {
        expect(model.has(key)).toBe(false);
        if (put(t, key, step) !== -1) model.set(key, step);
        else expect(model.size).toBe(300);
      }
      expect(t.count).toBe(model.size);
    }
    for (const [key, value] of model) expect(valueOf(t, key)).toBe(value);
  });

  it('keeps keys with the same hash apart by their bytes', () => {
    const t = table(10);
    // encodeKey answers in a scratch object: copy what must outlive the next call.
    const alpha = { ...encodeKey('alpha') };
    alpha.bytes = alpha.bytes.slice();
    const beta = { ...encodeKey('beta') };
    beta.bytes = beta.bytes.slice();
    beta.hash = alpha.hash; // a collision: same hash, other bytes
    t.setInt(t.insert(alpha, 0), 1);
    t.setInt(t.insert(beta, 0), 2);
    expect(t.find(alpha)).not.toBe(t.find(beta));
    expect(t.int(t.find(alpha))).toBe(1);
    expect(t.int(t.find(beta))).toBe(2);
  });

  it('stores a key longer than a slot as its digest, distinct from every short key', () => {
    const t = table(10);
    const long = 'x'.repeat(200);
    expect(encodeKey(long).storedLength).toBe(DIGEST_LENGTH);
    put(t, long, 5);
    put(t, `${long}y`, 6);
    expect(valueOf(t, long)).toBe(5);
    expect(valueOf(t, `${long}y`)).toBe(6);
    expect(valueOf(t, 'x'.repeat(64))).toBeUndefined();
  });

  it('encodes non-ASCII keys as UTF-8', () => {
    const t = table(10);
    put(t, 'café', 1);
    put(t, 'cafe', 2);
    expect(valueOf(t, 'café')).toBe(1);
    expect(valueOf(t, 'cafe')).toBe(2);
  });

  it('refuses an insert beyond maxEntries, and eviction by sampling takes the least recently used it looks at', () => {
    const t = table(4);
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) t.touch(t.insert(encodeKey(key), 0), 100 + i);
    expect(t.insert(encodeKey('e'), 0)).toBe(-1);
    t.touch(t.find(encodeKey('a')), 200);
    t.evictOldest(16);
    expect(t.count).toBe(3);
    expect(t.find(encodeKey('b'))).toBe(-1);
    expect(t.find(encodeKey('a'))).not.toBe(-1);
  });
});
