// The response cache of an engine with two workers (PORTICO_WORKERS=2) is one cache, as
// nginx's workers share a keys_zone and its directory: real keep-alive connections held
// on each worker (the kernel picks the worker; connectionPerWorker finds one of each),
// and every test would fail with a cache per worker — a fill on worker 1 would be a MISS
// on worker 2, both would go upstream, a purge or the size limit would miss entries.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { control, workerStatuses } from '../helpers/engine-workers.ts';
import { connectionPerWorker, keepConnection, type KeptConnection } from '../helpers/cross-worker-traffic.ts';
import { waitFor } from '../helpers/ports.ts';
import { hashKey } from '../../proxy-engine/cache/key.ts';
import { readControlToken } from '../../core/contract/control-token.ts';

const HOST = 'xcache.test';
const SLOW_MS = 400;

let upstream: EchoUpstream;
/** Upstream requests by path. */
const upstreamHits = new Map<string, number>();
const held: http.ServerResponse[] = [];
let engine: TestEngine;
/** [worker 1's connection, worker 2's connection]. */
let onWorker: KeptConnection[];

const hits = (p: string) => upstreamHits.get(p) ?? 0;
const status = (answer: { headers: http.IncomingHttpHeaders }) => answer.headers['x-cache-status'];

beforeAll(async () => {
  upstream = await startEchoUpstream((req, res) => {
    const url = req.url!;
    upstreamHits.set(url, hits(url) + 1);
    if (url.startsWith('/slow/') || url.startsWith('/stale/') || url.startsWith('/bg/')) {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(`slow ${url}`), SLOW_MS);
      return true;
    }
    if (url.startsWith('/hold/')) {
      // Headers and half the body at once, the rest never: the fill stays in progress.
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '10' });
      res.write('half.');
      held.push(res);
      return true;
    }
    if (url.startsWith('/big/')) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(1500));
      return true;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`body of ${url}`);
    return true;
  });
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  const cache = (zone: string) => ({ zone, statusHeader: 'X-Cache-Status', lock: true, lockTimeoutMs: 10_000, valid: [{ statuses: [200], ttlMs: 60_000 }] });
  const proxy = { kind: 'proxy', address: upstream.address };
  await engine.configure({
    cacheZones: [{ name: 'shared' }, { name: 'small', maxSizeBytes: 4096 }],
    hosts: [
      {
        serverNames: [HOST],
        locations: [
          { path: '/big/', action: proxy, policies: { cache: cache('small') } },
          { path: '/stale/', action: proxy, policies: { cache: { ...cache('shared'), valid: [{ statuses: [200], ttlMs: 300 }], useStale: ['updating'] } } },
          { path: '/bg/', action: proxy, policies: { cache: { ...cache('shared'), valid: [{ statuses: [200], ttlMs: 300 }], useStale: ['updating'], backgroundUpdate: true } } },
          { path: '/probe', action: { kind: 'return', status: 200, body: 'probe' } },
          { path: '/', action: proxy, policies: { cache: cache('shared') } },
        ],
      },
    ],
  });
  onWorker = await connectionPerWorker(engine, HOST, '/probe');
}, 90_000);

afterAll(async () => {
  for (const c of onWorker ?? []) c.close();
  for (const res of held) res.destroy();
  await engine?.stop();
  await upstream?.close();
});

/** Requests each worker served so far (status `workers[].requests`). */
async function requestsByWorker(): Promise<number[]> {
  return (await workerStatuses(engine)).map((w) => w.requests);
}

describe('one response cache for two workers', () => {
  it('an entry filled by one worker is a HIT on the other', async () => {
    const before = await requestsByWorker();
    const first = await onWorker[0]!.get('/page/1', HOST);
    const second = await onWorker[1]!.get('/page/1', HOST);
    expect([status(first), status(second)]).toEqual(['MISS', 'HIT']);
    expect(hits('/page/1')).toBe(1);
    // The two requests were served by different workers.
    await waitFor('both workers counted a request', async () => {
      const after = await requestsByWorker();
      return after[0]! > before[0]! && after[1]! > before[1]!;
    }, 5000);
    // One directory for the engine, as with one worker.
    expect(fs.readdirSync(path.join(engine.dataDir, 'cache', 'shared')).some((d) => /^[0-9a-f]{2}$/.test(d))).toBe(true);
    expect(fs.existsSync(path.join(engine.dataDir, 'workers', '1', 'cache', 'shared'))).toBe(false);
  });

  it('concurrent misses on both workers send one request upstream (proxy_cache_lock)', async () => {
    const extra = Array.from({ length: 6 }, () => keepConnection(engine.port));
    try {
      const all = [...onWorker, ...extra];
      // Worker 2 starts the fill; the rest, worker 1 among them, arrive while it runs.
      const filling = onWorker[1]!.get('/slow/a', HOST);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answers = [await filling, ...(await Promise.all(all.map((c) => c.get('/slow/a', HOST))))];
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(hits('/slow/a')).toBe(1);
      expect(status(answers[0]!)).toBe('MISS');
      expect(answers.slice(1).map(status).every((s) => s === 'HIT')).toBe(true);
    } finally {
      for (const c of extra) c.close();
    }
  });

  it('the zone summary counts every worker’s entries and lookups once', async () => {
    await onWorker[0]!.get('/sum/1', HOST);
    await onWorker[1]!.get('/sum/2', HOST);
    await onWorker[0]!.get('/sum/2', HOST);
    const zones = ((await (await control(engine, 'GET', '/cache/zones')).json()) as { zones: { name: string; entries: number; statuses: Record<string, number> }[] }).zones;
    const shared = zones.find((z) => z.name === 'shared')!;
    // /page/1, /slow/a, /sum/1, /sum/2 — each once, whichever worker filled it.
    expect(shared.entries).toBe(4);
    expect(shared.statuses.HIT).toBeGreaterThanOrEqual(3);
  });

  it('a purge by the control API (main thread) removes an entry a worker filled', async () => {
    expect(status(await onWorker[0]!.get('/purged', HOST))).toBe('MISS');
    expect(status(await onWorker[1]!.get('/purged', HOST))).toBe('HIT');
    const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/cache/purge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://${HOST}/purged` }),
    });
    expect(await res.json()).toEqual({ removed: 1 });
    expect(status(await onWorker[1]!.get('/purged', HOST))).toBe('MISS');
    expect(status(await onWorker[0]!.get('/purged', HOST))).toBe('HIT');
    expect(hits('/purged')).toBe(2);
  });

  it('max_size counts the whole engine: the least recently used entry goes, whichever worker filled it', async () => {
    // 4096 bytes hold two files of a 1500-byte body, not three.
    expect(status(await onWorker[0]!.get('/big/1', HOST))).toBe('MISS');
    expect(status(await onWorker[1]!.get('/big/2', HOST))).toBe('MISS');
    expect(status(await onWorker[0]!.get('/big/3', HOST))).toBe('MISS');
    // The entry is published once its file is in place, a moment after the answer.
    const small = await waitFor('the third entry published', async () => {
      const zones = ((await (await control(engine, 'GET', '/cache/zones')).json()) as { zones: { name: string; entries: number; bytes: number; maxSizeBytes: number }[] }).zones;
      const zone = zones.find((z) => z.name === 'small')!;
      // The default key: $scheme$proxy_host$request_uri; the evicted entry's file is gone too.
      const evicted = hashKey(`http${upstream.address}/big/1`);
      return !fs.existsSync(path.join(engine.dataDir, 'cache', 'small', evicted.slice(0, 2), evicted)) && zone;
    }, 5000, 20);
    expect(small.entries).toBe(2);
    expect(small.bytes).toBeLessThanOrEqual(small.maxSizeBytes);
    expect(status(await onWorker[1]!.get('/big/3', HOST))).toBe('HIT');
    expect(status(await onWorker[1]!.get('/big/2', HOST))).toBe('HIT');
    expect(status(await onWorker[1]!.get('/big/1', HOST))).toBe('MISS');
  });

  it('use_stale updating: while one worker refreshes an expired entry, the other serves it stale', async () => {
    expect(status(await onWorker[0]!.get('/stale/x', HOST))).toBe('MISS');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const refreshing = onWorker[0]!.get('/stale/x', HOST);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const during = await onWorker[1]!.get('/stale/x', HOST);
    expect(status(during)).toBe('UPDATING');
    expect(during.ms).toBeLessThan(SLOW_MS);
    expect(status(await refreshing)).toBe('EXPIRED');
    expect(status(await onWorker[1]!.get('/stale/x', HOST))).toBe('HIT');
    expect(hits('/stale/x')).toBe(2);
  });

  it('background update: one refresh for the engine, the other worker gets UPDATING meanwhile', async () => {
    expect(status(await onWorker[1]!.get('/bg/x', HOST))).toBe('MISS');
    await new Promise((resolve) => setTimeout(resolve, 350));
    const stale = await onWorker[1]!.get('/bg/x', HOST);
    expect(status(stale)).toBe('STALE');
    expect(status(await onWorker[0]!.get('/bg/x', HOST))).toBe('UPDATING');
    await waitFor('the background refresh stored', async () => status(await onWorker[0]!.get('/bg/x', HOST)) === 'HIT', 5000, 50);
    expect(hits('/bg/x')).toBe(2);
  });

  it('a worker killed mid-fill leaves the key fillable again', async () => {
    const ids = (await workerStatuses(engine)).map((w) => w.id);
    // Worker 1 starts a fill that never ends (the upstream holds the body back).
    const abandoned = onWorker[0]!.get('/hold/x', HOST).catch(() => null);
    await waitFor('the fill started', async () => held.length === 1, 5000, 10);
    // Worker 2's request for the same key waits on worker 1's lock.
    let waitedAnswer: { headers: http.IncomingHttpHeaders; status: number } | null = null;
    const waiting = onWorker[1]!.get('/hold/x', HOST).then((a) => (waitedAnswer = a));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(waitedAnswer).toBeNull();
    expect(hits('/hold/x')).toBe(1);
    await engine.engine.workers!.terminate(ids[0]!);
    await abandoned;
    // Worker 2's request goes on: the key is no longer locked, it fills it itself.
    await waitFor('the key filled again', async () => held.length === 2, 5000, 10);
    held[1]!.end('rest!');
    await waiting;
    expect(waitedAnswer!.status).toBe(200);
    expect(status(waitedAnswer!)).toBe('MISS');
    expect(hits('/hold/x')).toBe(2);
    expect(status(await onWorker[1]!.get('/hold/x', HOST))).toBe('HIT');
    // The restarted worker attaches the same index: every new connection, whichever worker takes it, is a HIT.
    await waitFor('worker 1 restarted', async () => (await workerStatuses(engine)).every((w) => w.error === null && w.threadId !== null) && (await workerStatuses(engine))[0]!.restarts === 1, 10_000);
    const fresh = Array.from({ length: 6 }, () => keepConnection(engine.port));
    try {
      const answers = await Promise.all(fresh.map((c) => c.get('/hold/x', HOST)));
      expect(answers.map(status)).toEqual(Array(6).fill('HIT'));
    } finally {
      for (const c of fresh) c.close();
    }
  }, 20_000);
});
