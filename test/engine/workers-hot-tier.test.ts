// The in-memory hot tier (proxy-engine/cache/memory.ts) seen from clients of an engine with
// two workers: each worker keeps its own copy of a small body, and the shared index's entry
// version decides whether that copy may answer. Every test first makes the second worker
// hold the body in memory (a HIT it answered itself), then changes the entry through the
// other worker or the control API, and checks the bodies clients get: a copy kept past a
// refresh, a purge or an eviction would answer the old body.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { connectionPerWorker, type KeptConnection } from '../helpers/cross-worker-traffic.ts';
import { waitFor } from '../helpers/ports.ts';
import { readControlToken } from '../../core/contract/control-token.ts';

const HOST = 'hot.test';
const TTL_MS = 300;

let upstream: EchoUpstream;
/** Upstream requests by path: each answer carries its number, so a body names its version. */
const versions = new Map<string, number>();
let engine: TestEngine;
/** [worker 1's connection, worker 2's connection]. */
let onWorker: KeptConnection[];

const status = (answer: { headers: http.IncomingHttpHeaders }) => answer.headers['x-cache-status'];
const bodyOf = (path: string, version: number) => (path.startsWith('/big/') ? `${version} `.padEnd(1500, 'x') : `version ${version} of ${path}`);

beforeAll(async () => {
  upstream = await startEchoUpstream((req, res) => {
    const url = req.url!;
    const version = (versions.get(url) ?? 0) + 1;
    versions.set(url, version);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(bodyOf(url, version));
    return true;
  });
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  const cache = (zone: string, ttlMs: number) => ({ zone, statusHeader: 'X-Cache-Status', lock: true, lockTimeoutMs: 10_000, valid: [{ statuses: [200], ttlMs }] });
  const proxy = { kind: 'proxy', address: upstream.address };
  await engine.configure({
    // 4096 bytes hold two 1500-byte bodies, not three.
    cacheZones: [{ name: 'hot' }, { name: 'tiny', maxSizeBytes: 4096 }],
    hosts: [
      {
        serverNames: [HOST],
        locations: [
          { path: '/short/', action: proxy, policies: { cache: cache('hot', TTL_MS) } },
          { path: '/big/', action: proxy, policies: { cache: cache('tiny', 60_000) } },
          { path: '/probe', action: { kind: 'return', status: 200, body: 'probe' } },
          { path: '/', action: proxy, policies: { cache: cache('hot', 60_000) } },
        ],
      },
    ],
  });
  onWorker = await connectionPerWorker(engine, HOST, '/probe');
}, 60_000);

afterAll(async () => {
  for (const c of onWorker ?? []) c.close();
  await engine?.stop();
  await upstream?.close();
});

/** Worker 2 answers `path` from the cache twice: the second answer comes from its memory. */
async function heldByWorker2(path: string, version: number): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const answer = await onWorker[1]!.get(path, HOST);
    expect([status(answer), answer.body]).toEqual(['HIT', bodyOf(path, version)]);
  }
}

describe('the hot tier with two workers', () => {
  it('a body one worker holds is not answered once the other worker refreshed the entry', async () => {
    const first = await onWorker[0]!.get('/short/a', HOST);
    expect([status(first), first.body]).toEqual(['MISS', bodyOf('/short/a', 1)]);
    await heldByWorker2('/short/a', 1);
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));
    const refreshed = await onWorker[0]!.get('/short/a', HOST);
    expect([status(refreshed), refreshed.body]).toEqual(['EXPIRED', bodyOf('/short/a', 2)]);
    // Worker 2 still holds version 1 in memory; the index names version 2 now.
    const after = await onWorker[1]!.get('/short/a', HOST);
    expect(after.body).toBe(bodyOf('/short/a', versions.get('/short/a')!));
    expect(after.body).not.toBe(bodyOf('/short/a', 1));
    if (status(after) === 'HIT') expect(after.body).toBe(bodyOf('/short/a', 2));
  });

  it('a body one worker holds is not answered once the control API purged the entry', async () => {
    expect(status(await onWorker[0]!.get('/purged', HOST))).toBe('MISS');
    await heldByWorker2('/purged', 1);
    const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/cache/purge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://${HOST}/purged` }),
    });
    expect(await res.json()).toEqual({ removed: 1 });
    const after = await onWorker[1]!.get('/purged', HOST);
    expect([status(after), after.body]).toEqual(['MISS', bodyOf('/purged', 2)]);
    const other = await onWorker[0]!.get('/purged', HOST);
    expect([status(other), other.body]).toEqual(['HIT', bodyOf('/purged', 2)]);
  });

  it('a body one worker holds is not answered once the other worker’s fills evicted the entry', async () => {
    expect(status(await onWorker[0]!.get('/big/1', HOST))).toBe('MISS');
    await heldByWorker2('/big/1', 1);
    expect(status(await onWorker[0]!.get('/big/2', HOST))).toBe('MISS');
    expect(status(await onWorker[0]!.get('/big/3', HOST))).toBe('MISS');
    // The third fill is published (and the least recently used entry evicted) a moment after its answer.
    await waitFor('the third entry published', async () => {
      const answer = await onWorker[0]!.get('/big/3', HOST);
      return status(answer) === 'HIT';
    }, 5000, 20);
    const after = await onWorker[1]!.get('/big/1', HOST);
    expect([status(after), after.body]).toEqual(['MISS', bodyOf('/big/1', 2)]);
  });
});
