import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheZoneInput } from '../../core/config/zones.ts';
import { hashKey, variantKey } from './key.ts';
import type { EntryMeta } from './store.ts';
import { CacheZone } from './zone.ts';

const dirs: string[] = [];
const zones: CacheZone[] = [];
afterEach(() => {
  for (const z of zones.splice(0)) void z.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(config: Record<string, unknown> = {}, clock?: { now: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-zone-'));
  dirs.push(dir);
  const open = () => {
    const zone = new CacheZone({ ...CacheZoneInput.parse({ name: 'z', ...config }), id: 'z' }, dir, clock ? () => clock.now : Date.now).open();
    zones.push(zone);
    return zone;
  };
  return { dir, open };
}

async function fill(zone: CacheZone, key: string, body: string, extra: Partial<EntryMeta> = {}, validUntil = Date.now() + 60_000) {
  const hash = hashKey(variantKey(key, extra.vary ?? null, {}));
  const meta: EntryMeta = { key, baseKey: key, url: `http://a.test${key}`, status: 200, headers: ['Content-Type', 'text/plain'], etag: null, lastModified: null, vary: null, ...extra };
  const writer = zone.beginFill(hash, meta, validUntil, Date.now());
  writer.write(Buffer.from(body));
  const entry = zone.commit(hash, meta, writer, validUntil, Date.now(), Buffer.from(body));
  await entry.ready;
  return entry;
}

describe('CacheZone', () => {
  it('stores, finds, and reads back after a restart', async () => {
    const { open } = setup();
    const zone = open();
    await zone.ready();
    await fill(zone, '/a', 'hello');
    const found = zone.lookup('/a', {});
    expect('then' in found).toBe(false);
    expect((found as { entry: unknown }).entry).toMatchObject({ status: 200, bodyLength: 5 });
    await zone.close();

    const again = open();
    await again.ready();
    const { entry } = (await again.lookup('/a', {}));
    expect(entry).toMatchObject({ key: '/a', status: 200, headers: ['Content-Type', 'text/plain'], bodyLength: 5, body: null });
    expect((await again.loadBody(entry!))!.toString()).toBe('hello');
  });

  it('finds entries on disk while the index is still loading', async () => {
    const { open } = setup();
    const first = open();
    await first.ready();
    await fill(first, '/early', 'x');
    await first.close();
    const second = open();
    const found = await second.lookup('/early', {});
    expect(found.entry?.key).toBe('/early');
  });

  it('evicts least recently used entries beyond max_size, files included', async () => {
    const { open, dir } = setup({ maxSizeBytes: 1024 });
    const zone = open();
    await zone.ready();
    const a = await fill(zone, '/a', 'a'.repeat(300));
    await fill(zone, '/b', 'b'.repeat(300));
    await zone.lookup('/a', {});
    await fill(zone, '/c', 'c'.repeat(300));
    expect(zone.summary().entries).toBe(2);
    expect((await zone.lookup('/b', {})).entry).toBeUndefined();
    expect((await zone.lookup('/a', {})).entry).toBeDefined();
    await new Promise((r) => setTimeout(r, 20));
    expect(fs.existsSync(zone.store.pathOf(hashKey('/b')))).toBe(false);
    expect(fs.existsSync(zone.store.pathOf(a.hash))).toBe(true);
    expect(dir).toBeTruthy();
  });

  it('drops entries unused for `inactive`, fresh or not', async () => {
    const clock = { now: Date.now() };
    const { open } = setup({ inactiveMs: 1000 }, clock);
    const zone = open();
    await zone.ready();
    await fill(zone, '/a', 'x', {}, clock.now + 3_600_000);
    clock.now += 999;
    expect((await zone.lookup('/a', {})).entry).toBeDefined();
    clock.now += 1000;
    zone.sweep();
    expect(zone.summary().entries).toBe(0);
  });

  it('keeps one entry per Vary variant', async () => {
    const { open } = setup();
    const zone = open();
    await zone.ready();
    const key = '/v';
    for (const ae of ['gzip', 'br']) {
      const full = variantKey(key, ['accept-encoding'], { 'accept-encoding': ae });
      const meta: EntryMeta = { key: full, baseKey: key, url: 'http://a.test/v', status: 200, headers: [], etag: null, lastModified: null, vary: ['accept-encoding'] };
      const writer = zone.beginFill(hashKey(full), meta, Date.now() + 60_000, Date.now());
      writer.write(ae);
      await zone.commit(hashKey(full), meta, writer, Date.now() + 60_000, Date.now(), Buffer.from(ae)).ready;
    }
    expect((await zone.lookup(key, { 'accept-encoding': 'br' })).entry?.body?.toString()).toBe('br');
    expect((await zone.lookup(key, { 'accept-encoding': 'gzip' })).entry?.body?.toString()).toBe('gzip');
    expect((await zone.lookup(key, {})).entry).toBeUndefined();
    expect(zone.purge({ url: 'http://a.test/v' })).toBe(2);
  });

  it('purges by exact URL and by prefix', async () => {
    const { open } = setup();
    const zone = open();
    await zone.ready();
    for (const p of ['/api/1', '/api/2', '/static/x']) await fill(zone, p, p);
    expect(zone.purge({ url: 'http://a.test/api/1' })).toBe(1);
    expect(zone.purge({ prefix: 'http://a.test/api/' })).toBe(1);
    expect(zone.summary().entries).toBe(1);
  });

  it('a refreshed lifetime survives a restart', async () => {
    const { open } = setup();
    const zone = open();
    await zone.ready();
    const entry = await fill(zone, '/r', 'x', {}, Date.now() - 1);
    const until = Date.now() + 120_000;
    zone.refresh(entry, until, Date.now());
    await new Promise((r) => setTimeout(r, 50));
    await zone.close();
    const again = open();
    await again.ready();
    expect((await again.lookup('/r', {})).entry?.validUntil).toBe(until);
  });

  it('counts statuses into a hit ratio', () => {
    const { open } = setup();
    const zone = open();
    for (const s of ['MISS', 'HIT', 'HIT', 'STALE', 'BYPASS']) zone.record(s);
    expect(zone.summary()).toMatchObject({ statuses: { HIT: 2, MISS: 1, STALE: 1, BYPASS: 1 }, hitRatio: 0.75 });
  });
});
