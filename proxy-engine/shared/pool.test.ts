import { describe, expect, it } from 'vitest';
import { zoneConfig } from '../../test/helpers/rate-limit-support.ts';
import { createRateLimit } from '../middlewares/rate-limit/rate-limit.ts';
import { LimitConfigError } from '../middlewares/rate-limit/config-error.ts';
import { SharedHashTable } from './hash-table.ts';
import { PoolFullError, SharedPool } from './pool.ts';
import { attachSharedState, createSharedState, sharedMemoryUsage } from './shared-state.ts';

const KIB = 1024;

describe('SharedPool', () => {
  it('gives one segment per identity: a second acquire attaches, the last release frees', () => {
    const pool = new SharedPool(SharedPool.allocate(64 * KIB));
    let setUps = 0;
    const first = pool.acquire('zone-a', 8 * KIB, () => setUps++);
    const again = pool.acquire('zone-a', 8 * KIB, () => setUps++);
    expect(again).toMatchObject({ byteOffset: first.byteOffset, fresh: false });
    expect(setUps).toBe(1);
    pool.release(first);
    expect(pool.usedBytes()).toBe(8 * KIB);
    pool.release(again);
    expect(pool.usedBytes()).toBe(0);
  });

  it('reuses freed space, cleared, and says how much is free when a zone does not fit', () => {
    const pool = new SharedPool(SharedPool.allocate(32 * KIB));
    const a = pool.acquire('a', 16 * KIB, () => {});
    new Uint8Array(pool.buffer, a.byteOffset, 16).fill(9);
    pool.acquire('b', 16 * KIB, () => {});
    expect(() => pool.acquire('c', 1 * KIB, () => {})).toThrow(PoolFullError);
    expect(() => pool.acquire('c', 1 * KIB, () => {})).toThrow(/0 KiB of 32 KiB free/);
    pool.release(a);
    const c = pool.acquire('c', 8 * KIB, () => {});
    expect(c.byteOffset).toBe(a.byteOffset);
    expect([...new Uint8Array(pool.buffer, c.byteOffset, 16)]).toEqual(Array(16).fill(0));
  });

  it("frees a dead thread's holds and locks (releaseThread)", () => {
    const pool = new SharedPool(SharedPool.allocate(64 * KIB));
    const segment = pool.acquire('t', SharedHashTable.bytesFor(10), (s) => void new SharedHashTable(pool.buffer, s.byteOffset, 10, true));
    const table = new SharedHashTable(pool.buffer, segment.byteOffset, 10, false);
    table.lock();
    const me = table.lockHolder;
    pool.releaseThread(me);
    expect(table.lockHolder).toBe(0);
    expect(pool.usedBytes()).toBe(0);
  });
});

describe('zones carved at apply time', () => {
  const request = (name: string, maxEntries: number) => zoneConfig({ name, maxEntries });

  it('a zone that does not fit is an error on the locations using it, the others work', () => {
    const handles = createSharedState({ bytes: SharedHashTable.bytesFor(1000) + 1024, maxServers: 16 });
    const { rateZones } = attachSharedState(handles);
    const plan = rateZones.plan([request('fits', 1000), request('too-big', 100_000)]);
    expect(plan.get('fits')).toBeDefined();
    expect(plan.failure?.('too-big')).toMatch(/needs .* of shared memory/);
    expect(() => createRateLimit([{ zone: 'too-big', burst: 0, nodelay: false, delay: 0, status: 503, dryRun: false }], plan)).toThrow(LimitConfigError);
    expect(() => createRateLimit([{ zone: 'too-big', burst: 0, nodelay: false, delay: 0, status: 503, dryRun: false }], plan)).toThrow(/limit zone "too-big": needs/);
    expect(createRateLimit([{ zone: 'fits', burst: 0, nodelay: false, delay: 0, status: 503, dryRun: false }], plan)).not.toBeNull();
  });

  it('a reload that resizes a zone gets a new segment and gives the old one back; a discarded plan gives its zones back', () => {
    const handles = createSharedState({ bytes: 4 * SharedHashTable.bytesFor(1000), maxServers: 16 });
    const base = sharedMemoryUsage(handles).usedBytes;
    const { rateZones } = attachSharedState(handles);
    rateZones.apply([request('z', 1000)]);
    const one = sharedMemoryUsage(handles).usedBytes - base;
    rateZones.apply([request('z', 2000)]);
    expect(sharedMemoryUsage(handles).usedBytes - base).toBeGreaterThan(one);
    expect(rateZones.get('z')!.store.fixedEntries).toBe(2000);
    rateZones.plan([request('other', 1000)]).discard?.();
    rateZones.apply([]);
    expect(sharedMemoryUsage(handles).usedBytes - base).toBe(0);
  });

  it('two threads applying the same configuration share one segment per zone', () => {
    const handles = createSharedState({ bytes: 4 * SharedHashTable.bytesFor(1000), maxServers: 16 });
    const base = sharedMemoryUsage(handles).usedBytes;
    const a = attachSharedState(handles);
    const b = attachSharedState(handles);
    a.rateZones.apply([request('z', 1000)]);
    b.rateZones.apply([request('z', 1000)]);
    expect(sharedMemoryUsage(handles).usedBytes - base).toBe(SharedHashTable.bytesFor(1000) + (8 - (SharedHashTable.bytesFor(1000) % 8)) % 8);
    a.rateZones.get('z')!.store.set('k', { excess: 3000, last: 5 });
    expect(b.rateZones.get('z')!.store.get('k')).toEqual({ excess: 3000, last: 5 });
  });
});
