// Micro-benchmark of a cache HIT's lookup: ns per CacheZone.lookup of a stored entry,
// with the zone's index in this thread (one worker: CacheZone) and in shared memory
// (several workers: SharedCacheZone, one lock per lookup). Entries are filled first and
// looked up round robin over 1,000 keys; the best of five rounds.
// Run: node bench/micro/cache-lookup.ts [root]   (root: another checkout's directory, to
// compare the one-worker figure with it; its shared zone is measured only if it has one)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../..'));
const KEYS = 1000;
const ITERATIONS = 1_000_000;
const ROUNDS = 5;

const { CacheZoneInput } = (await import(path.join(root, 'core/config/zones.ts'))) as typeof import('../../core/config/zones.ts');
const { CacheZone } = (await import(path.join(root, 'proxy-engine/cache/zone.ts'))) as typeof import('../../proxy-engine/cache/zone.ts');
const { hashKey } = (await import(path.join(root, 'proxy-engine/cache/key.ts'))) as typeof import('../../proxy-engine/cache/key.ts');
const sharedZonePath = path.join(root, 'proxy-engine/cache/shared-zone.ts');
const hasShared = fs.existsSync(sharedZonePath);

interface Zone {
  open(): unknown;
  ready(): Promise<void>;
  lookup(key: string, headers: object): unknown;
  beginFill(hash: string, meta: object, validUntil: number, storedAt: number): { write(b: Buffer): boolean; bodyOffset: number; bodyLength: number };
  commit(hash: string, meta: object, writer: never, validUntil: number, storedAt: number, body: Buffer | null): { ready: Promise<boolean> | null };
  close(): Promise<void>;
}

const config = { ...CacheZoneInput.parse({ name: 'bench' }), id: 'bench' };
const keys = Array.from({ length: KEYS }, (_, i) => `http://bench.test/object/${i}`);
const headers = {};

async function fill(zone: Zone): Promise<void> {
  const body = Buffer.alloc(1024, 'x');
  const ready: Promise<boolean>[] = [];
  for (const key of keys) {
    const hash = hashKey(key);
    const meta = { key, baseKey: key, url: key, status: 200, headers: ['Content-Type', 'text/plain'], etag: null, lastModified: null, vary: null };
    const writer = zone.beginFill(hash, meta, Date.now() + 3_600_000, Date.now());
    writer.write(body);
    const entry = zone.commit(hash, meta, writer as never, Date.now() + 3_600_000, Date.now(), body);
    if (entry.ready) ready.push(entry.ready);
  }
  await Promise.all(ready);
  // Each key once, so that every later lookup is answered from this thread's memory.
  for (const key of keys) await zone.lookup(key, headers);
}

function best(zone: Zone): number {
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const found = zone.lookup(keys[i % KEYS]!, headers) as { entry?: unknown };
      if (!found.entry) throw new Error('expected a hit');
    }
  };
  run(50_000);
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    run(ITERATIONS / ROUNDS);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / (ITERATIONS / ROUNDS));
  }
  return fastest;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-cache-bench-'));
try {
  const local = new CacheZone(config, dir) as unknown as Zone;
  local.open();
  await local.ready();
  await fill(local);
  console.log(`lookup, index in this thread (1 worker)   ${best(local).toFixed(0)} ns  (${root})`);
  await local.close();
  if (hasShared) {
    const { SharedCacheZone } = (await import(sharedZonePath)) as typeof import('../../proxy-engine/cache/shared-zone.ts');
    const { attachSharedState, createSharedState } = (await import(path.join(root, 'proxy-engine/shared/shared-state.ts'))) as typeof import('../../proxy-engine/shared/shared-state.ts');
    const indexes = attachSharedState(createSharedState({ bytes: 64 << 20, maxServers: 4 })).cacheIndexes;
    const shared = new SharedCacheZone({ ...config, name: 'bench-shared' }, dir, (c) => indexes.attach(c)) as unknown as Zone;
    shared.open();
    await shared.ready();
    await fill(shared);
    console.log(`lookup, index in shared memory (N workers) ${best(shared).toFixed(0)} ns`);
    await shared.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
