// The in-memory hot tier over the disk store (memory.ts): small bodies answered without a
// file read, bounded in bytes, least recently used dropped first, and never a body the
// index no longer has: replaced, purged or gone inactive, with one worker and with two
// zone objects on one shared index (as two workers see it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheZoneInput } from '../../core/config/zones.ts';
import { attachSharedState, createSharedState } from '../shared/shared-state.ts';
import { hashKey } from './key.ts';
import { MEMORY_BODY_MAX, MemoryBodies } from './memory.ts';
import { SharedCacheZone } from './shared-zone.ts';
import type { EntryMeta } from './store.ts';
import { CacheZone, type CacheZoneApi } from './zone.ts';

const dirs: string[] = [];
const zones: CacheZoneApi[] = [];
afterEach(async () => {
  await Promise.all(zones.splice(0).map((z) => z.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-hot-tier-'));
  dirs.push(dir);
  return dir;
}

const configOf = (input: Partial<CacheZoneInput> = {}) => ({ ...CacheZoneInput.parse({ name: 'hot', ...input }), id: 'hot' });

async function fill(zone: CacheZoneApi, key: string, body: string) {
  const hash = hashKey(key);
  const meta: EntryMeta = { key, baseKey: key, url: `http://a.test${key}`, status: 200, headers: ['Content-Type', 'text/plain'], etag: null, lastModified: null, vary: null };
  const writer = zone.beginFill(hash, meta, zone.now() + 60_000, zone.now());
  writer.write(Buffer.from(body));
  const entry = zone.commit(hash, meta, writer, zone.now() + 60_000, zone.now(), body.length <= MEMORY_BODY_MAX ? Buffer.from(body) : null);
  expect(await entry.ready).toBe(true);
  return entry;
}

/** The body a HIT on `key` answers with now (from memory or its file), null for none. */
async function hit(zone: CacheZoneApi, key: string): Promise<string | null> {
  const entry = (await zone.lookup(key, {})).entry;
  if (!entry) return null;
  return (await zone.loadBody(entry))?.toString() ?? null;
}

describe('MemoryBodies', () => {
  const entry = (hash: string) => ({ hash, body: null as Buffer | null });
  it('holds at most its budget, dropping the least recently used body first', () => {
    const bodies = new MemoryBodies(3000);
    const [a, b, c] = [entry('a'), entry('b'), entry('c')];
    bodies.keep(a, Buffer.alloc(1000));
    bodies.keep(b, Buffer.alloc(1000));
    bodies.touch(a);
    bodies.keep(c, Buffer.alloc(1500));
    expect(bodies.bytes).toBeLessThanOrEqual(3000);
    expect([a.body !== null, b.body !== null, c.body !== null]).toEqual([true, false, true]);
    // A smaller budget (a reload lowered max_size): the older of the two goes.
    bodies.budget = 1600;
    bodies.trim();
    expect([a.body, c.body?.length]).toEqual([null, 1500]);
    expect(bodies.bytes).toBe(1500);
  });
  it('never keeps a body above the size limit', () => {
    const bodies = new MemoryBodies(10 * MEMORY_BODY_MAX);
    const big = entry('big');
    bodies.keep(big, Buffer.alloc(MEMORY_BODY_MAX + 1));
    expect(big.body).toBeNull();
    expect(bodies.bytes).toBe(0);
  });
});

describe('hot tier, one worker (CacheZone)', () => {
  it('stays within the zone budget (max_size) while serving every entry', async () => {
    const zone = new CacheZone(configOf({ maxSizeBytes: 1024 * 1024 }), tempDir()).open();
    zones.push(zone);
    for (let i = 0; i < 40; i++) await fill(zone, `/o/${i}`, String(i).padEnd(40_000, '.'));
    for (let i = 30; i < 40; i++) expect((await hit(zone, `/o/${i}`))?.startsWith(String(i))).toBe(true);
    expect(zone.summary().memoryBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(zone.summary().memoryBytes).toBeGreaterThan(0);
  });

  it('a replaced, purged or inactive entry is never answered from memory', async () => {
    let now = Date.now();
    const zone = new CacheZone(configOf({ inactiveMs: 60_000 }), tempDir(), () => now).open();
    zones.push(zone);
    await fill(zone, '/r', 'old');
    expect(await hit(zone, '/r')).toBe('old');
    await fill(zone, '/r', 'new');
    expect(await hit(zone, '/r')).toBe('new');
    expect(zone.purge({ url: 'http://a.test/r' })).toBe(1);
    expect(await hit(zone, '/r')).toBeNull();
    await fill(zone, '/i', 'idle');
    expect(zone.summary().memoryBytes).toBe(4);
    now += 61_000;
    expect(await hit(zone, '/i')).toBeNull();
    expect(zone.summary().memoryBytes).toBe(0);
  });
});

describe('hot tier, two workers on one shared index (SharedCacheZone)', () => {
  function twoWorkers(now: () => number = Date.now) {
    const dir = tempDir();
    const indexes = attachSharedState(createSharedState({ bytes: 32 << 20, maxServers: 4 })).cacheIndexes;
    const worker = () => {
      const zone = new SharedCacheZone(configOf({ inactiveMs: 60_000 }), dir, (c) => indexes.attach(c), now).open();
      zones.push(zone);
      return zone;
    };
    return [worker(), worker()] as const;
  }

  it('a body one worker holds in memory is not served once the other replaced the entry', async () => {
    const [a, b] = twoWorkers();
    await fill(a, '/r', 'first version');
    expect(await hit(b, '/r')).toBe('first version');
    expect(b.summary().memoryBytes).toBe(13);
    await fill(a, '/r', 'second');
    expect(await hit(b, '/r')).toBe('second');
    expect(await hit(a, '/r')).toBe('second');
  });

  it('a body one worker holds in memory is not served once the other purged the entry', async () => {
    const [a, b] = twoWorkers();
    await fill(a, '/p', 'purge me');
    expect(await hit(b, '/p')).toBe('purge me');
    expect(await a.purge({ url: 'http://a.test/p' })).toBe(1);
    expect(await hit(b, '/p')).toBeNull();
    expect(await hit(a, '/p')).toBeNull();
    expect(b.summary().memoryBytes).toBe(0);
  });

  it('an entry gone inactive is not served from either worker’s memory', async () => {
    let now = Date.now();
    const [a, b] = twoWorkers(() => now);
    await fill(a, '/i', 'idle');
    expect(await hit(b, '/i')).toBe('idle');
    now += 61_000;
    expect(await hit(b, '/i')).toBeNull();
    expect(await hit(a, '/i')).toBeNull();
  });
});
