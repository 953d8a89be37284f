// A cache zone on a shared index, seen by two zone objects on one index as two workers
// see it (the threads themselves: test/engine/workers-cache.test.ts): the on-disk layout
// of one worker is kept, a replaced entry is never read mixed, Vary variants and the
// "updating" mark are one for all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheZoneInput } from '../../core/config/zones.ts';
import { attachSharedState, createSharedState, sharedMemoryUsage } from '../shared/shared-state.ts';
import { CacheZones } from './zones.ts';
import { hashKey, variantKey } from './key.ts';
import { MEMORY_BODY_MAX } from './memory.ts';
import { SharedCacheZone } from './shared-zone.ts';
import type { EntryMeta } from './store.ts';
import { CacheZone, type CacheZoneApi } from './zone.ts';

const dirs: string[] = [];
const zones: CacheZoneApi[] = [];
afterEach(async () => {
  await Promise.all(zones.splice(0).map((z) => z.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const config = { ...CacheZoneInput.parse({ name: 'z' }), id: 'z' };

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-shared-zone-'));
  dirs.push(dir);
  const indexes = attachSharedState(createSharedState({ bytes: 32 << 20, maxServers: 4 })).cacheIndexes;
  /** One more "worker" on the same index and directory. */
  const worker = () => {
    const zone = new SharedCacheZone(config, dir, (c) => indexes.attach(c)).open();
    zones.push(zone);
    return zone;
  };
  return { dir, worker };
}

async function fill(zone: CacheZoneApi, key: string, body: string, extra: Partial<EntryMeta> = {}) {
  const hash = hashKey(variantKey(key, extra.vary ?? null, { 'accept-language': 'fr' }));
  const meta: EntryMeta = { key: variantKey(key, extra.vary ?? null, { 'accept-language': 'fr' }), baseKey: key, url: `http://a.test${key}`, status: 200, headers: ['Content-Type', 'text/plain'], etag: null, lastModified: null, vary: null, ...extra };
  const writer = zone.beginFill(hash, meta, Date.now() + 60_000, Date.now());
  writer.write(Buffer.from(body));
  const entry = zone.commit(hash, meta, writer, Date.now() + 60_000, Date.now(), body.length <= MEMORY_BODY_MAX ? Buffer.from(body) : null);
  expect(await entry.ready).toBe(true);
  return entry;
}

const found = async (zone: CacheZoneApi, key: string, headers = {}) => (await zone.lookup(key, headers)).entry;

describe('SharedCacheZone', () => {
  it('takes over the cache of a single-threaded engine (same directory, same files)', async () => {
    const { dir, worker } = setup();
    const single = new CacheZone(config, dir).open();
    await fill(single, '/kept', 'from one worker');
    await single.close();
    const shared = worker();
    await shared.ready();
    const entry = await found(shared, '/kept');
    expect(entry && (await shared.loadBody(entry))?.toString()).toBe('from one worker');
    expect(shared.summary()).toMatchObject({ entries: 1 });
  });

  it('an entry another worker filled is found; a replacement is never read mixed with the old one', async () => {
    const { worker } = setup();
    const [a, b] = [worker(), worker()];
    // Bodies above the in-memory size: served from the file.
    await fill(a, '/big', 'a'.repeat(MEMORY_BODY_MAX + 10));
    const seenByB = (await found(b, '/big'))!;
    expect(seenByB.bodyLength).toBe(MEMORY_BODY_MAX + 10);
    await fill(a, '/big', 'b'.repeat(MEMORY_BODY_MAX + 99));
    // B still holds the old entry: its file is gone, no bytes of the new one come instead.
    expect(await b.openBody(seenByB)).toBeNull();
    const fresh = (await found(b, '/big'))!;
    expect(fresh.bodyLength).toBe(MEMORY_BODY_MAX + 99);
    const handle = (await b.openBody(fresh))!;
    const text = (await handle.readFile()).toString('latin1');
    await handle.close();
    expect(text.endsWith('b'.repeat(MEMORY_BODY_MAX + 99))).toBe(true);
  });

  it('a Vary variant stored by one worker is found by another; one "updating" mark for all', async () => {
    const { worker } = setup();
    const [a, b] = [worker(), worker()];
    await fill(a, '/v', 'bonjour', { vary: ['accept-language'] });
    const entry = await found(b, '/v', { 'accept-language': 'fr' });
    expect(entry?.key).toBe(variantKey('/v', ['accept-language'], { 'accept-language': 'fr' }));
    expect(await found(b, '/v', { 'accept-language': 'de' })).toBeUndefined();
    const seenByA = (await found(a, '/v', { 'accept-language': 'fr' }))!;
    expect(a.beginUpdate(seenByA, Date.now(), 5000)).toBe(true);
    expect(b.beginUpdate(entry!, Date.now(), 5000)).toBe(false);
    a.endUpdate(seenByA);
    expect(b.beginUpdate(entry!, Date.now(), 5000)).toBe(true);
  });

  it('a purge by one worker removes what another filled; min_uses counts are one', async () => {
    const { worker } = setup();
    const [a, b] = [worker(), worker()];
    await fill(a, '/p/1', 'one');
    await fill(a, '/p/2', 'two');
    expect(await found(b, '/p/1')).toBeDefined();
    expect(await b.purge({ prefix: 'http://a.test/p/' })).toBe(2);
    expect(await found(a, '/p/1')).toBeUndefined();
    expect(a.summary()).toMatchObject({ entries: 0, bytes: 0 });
    const hash = hashKey('/counted');
    expect([a.countUse(hash), b.countUse(hash), a.countUse(hash)]).toEqual([1, 2, 3]);
  });

  it('a zone whose index does not fit in the shared memory is refused with the reason; a discarded plan gives the memory back', () => {
    const handles = createSharedState({ bytes: 4 << 20, maxServers: 4 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-shared-zone-'));
    dirs.push(dir);
    const zonesOf = new CacheZones(dir, attachSharedState(handles).cacheIndexes);
    const before = sharedMemoryUsage(handles).usedBytes;
    const plan = zonesOf.plan([
      { ...CacheZoneInput.parse({ name: 'huge', maxEntries: 1_000_000 }), id: 'huge' },
      { ...CacheZoneInput.parse({ name: 'fits', maxEntries: 1000 }), id: 'fits' },
    ]);
    expect(plan.get('huge')).toBeUndefined();
    expect(plan.failure?.('huge')).toMatch(/^cache zone "huge": needs [\d.]+ MiB of shared memory; .* free \(PORTICO_SHARED_MEMORY\)$/);
    expect(plan.get('fits')).toBeDefined();
    expect(sharedMemoryUsage(handles).usedBytes).toBeGreaterThan(before);
    plan.discard();
    expect(sharedMemoryUsage(handles).usedBytes).toBe(before);
  });
});
