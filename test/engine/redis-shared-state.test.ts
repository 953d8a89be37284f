// Two engine instances (separate data directories and ports, as two machines) on one real
// redis-server (PORTICO_REDIS_URL): limit_req admits across both what one nginx admits for
// the same schedule, limit_conn's max holds across both, a cache purge through one
// instance's control API reaches the other, and when Redis dies mid-traffic the fail-open
// instance keeps serving (warning in /status and the error log) while the fail-closed one
// answers 503 on limited locations; both recover by themselves when Redis is back.
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { keepConnection, sendWaves, type Answer, type KeptConnection } from '../helpers/cross-worker-traffic.ts';
import { hasNginx, startNginx, type NginxOracle } from '../helpers/nginx-limit-oracle.ts';
import { waitFor } from '../helpers/ports.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.ts';

const HOST = 'shared.test';
const SLOW_MS = 600;

let redis: TestRedis;
let upstream: EchoUpstream;
let open: TestEngine; // PORTICO_REDIS_FAILURE=open (the default)
let closed: TestEngine; // PORTICO_REDIS_FAILURE=closed
let nginx: NginxOracle | undefined;
let inFlight = 0;
let peakInFlight = 0;
let pageFills = 0;

async function control(engine: TestEngine, method: string, pathname: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const redisStatus = async (engine: TestEngine) => (await control(engine, 'GET', '/status')).json.redis as { state: string; failure: string; warning: string | null };

beforeAll(async () => {
  if (!hasRedisServer) return;
  redis = await startTestRedis();
  upstream = await startEchoUpstream((req, res: http.ServerResponse) => {
    if (req.url!.startsWith('/slow/')) {
      inFlight++;
      peakInFlight = Math.max(peakInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end('done');
      }, SLOW_MS);
      return true;
    }
    if (req.url === '/cached/page') {
      pageFills++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`fill ${pageFills}`);
      return true;
    }
    return false;
  });
  [open, closed] = await Promise.all([startTestEngine({ PORTICO_REDIS_URL: redis.url }), startTestEngine({ PORTICO_REDIS_URL: redis.url, PORTICO_REDIS_FAILURE: 'closed' })]);
  const proxy = { kind: 'proxy', address: upstream.address };
  const config = {
    limitZones: [
      { name: 'nodelay', kind: 'REQUEST', rate: { count: 10, per: 'second' } },
      { name: 'delayed', kind: 'REQUEST', rate: { count: 10, per: 'second' } },
      { name: 'roomy', kind: 'REQUEST', rate: { count: 1000, per: 'second' } },
      { name: 'conns', kind: 'CONNECTION' },
    ],
    cacheZones: [{ name: 'c' }],
    hosts: [
      {
        serverNames: [HOST],
        locations: [
          { path: '/nodelay/', action: proxy, policies: { rateLimits: [{ zone: 'nodelay', burst: 5, nodelay: true }] } },
          { path: '/delayed/', action: proxy, policies: { rateLimits: [{ zone: 'delayed', burst: 5 }] } },
          { path: '/roomy/', action: proxy, policies: { rateLimits: [{ zone: 'roomy', burst: 1000, nodelay: true }] } },
          { path: '/slow/', action: proxy, policies: { connLimits: [{ zone: 'conns', max: 3 }] } },
          { path: '/cached/', action: proxy, policies: { cache: { zone: 'c', statusHeader: 'X-Cache-Status', valid: [{ statuses: [200], ttlMs: 600_000 }] } } },
          { path: '/', action: proxy },
        ],
      },
    ],
  };
  await Promise.all([open.configure(config), closed.configure(config)]);
  if (hasNginx) {
    nginx = await startNginx(`
      limit_req_zone $binary_remote_addr zone=nodelay:1m rate=10r/s;
      limit_req_zone $binary_remote_addr zone=delayed:1m rate=10r/s;
      server {
        listen 127.0.0.1:$PORT;
        location /nodelay/ { limit_req zone=nodelay burst=5 nodelay; proxy_pass http://${upstream.address}; }
        location /delayed/ { limit_req zone=delayed burst=5; proxy_pass http://${upstream.address}; }
        location / { proxy_pass http://${upstream.address}; }
      }`);
  }
  await waitFor('both instances connected to Redis', async () => (await redisStatus(open))?.state === 'up' && (await redisStatus(closed))?.state === 'up', 10_000, 50);
}, 60_000);

afterAll(async () => {
  await Promise.all([open?.stop(), closed?.stop(), nginx?.stop(), upstream?.close()]);
  await redis?.stop();
});

const admitted = (answers: Answer[]) => answers.filter((a) => a.status === 200).length;

/** `count` keep-alive connections, alternating between the two instances, each opened by a first request. */
async function connectionsOnBoth(count: number): Promise<KeptConnection[]> {
  const connections = Array.from({ length: count }, (_, i) => keepConnection((i % 2 === 0 ? open : closed).port));
  await Promise.all(connections.map((c) => c.get('/', HOST)));
  return connections;
}

describe.skipIf(!hasRedisServer || !hasNginx)('limit_req across two instances', () => {
  // As workers-shared-state.test.ts: 3 waves of 13 requests, 800 ms apart. nginx admits 6
  // per wave (18; one fewer when a wave straggles past 100 ms). A bucket per instance
  // would admit up to 6 per instance and wave.
  it.each([
    ['nodelay', 'burst=5 nodelay'],
    ['delayed', 'burst=5 (delays on the server\'s clock)'],
  ])('limit_req zone=%s rate=10r/s %s admits across both what one nginx admits', async (zone) => {
    const target = `/${zone}/x`;
    const theirConnections = Array.from({ length: 13 }, () => keepConnection(nginx!.port));
    await Promise.all(theirConnections.map((c) => c.get('/', HOST)));
    const theirs = await sendWaves(theirConnections, target, HOST, 3, 800);
    for (const c of theirConnections) c.close();

    let ours: Answer[] = [];
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 800));
      const connections = await connectionsOnBoth(13);
      ours = await sendWaves(connections, target, HOST, 3, 800);
      for (const c of connections) c.close();
      console.log(`${zone}, try ${attempt}: nginx admitted ${admitted(theirs)}, two Portico instances ${admitted(ours)}`);
      if (Math.abs(admitted(ours) - admitted(theirs)) <= 1) break;
    }
    expect(admitted(theirs)).toBeGreaterThanOrEqual(16);
    expect(admitted(theirs)).toBeLessThanOrEqual(18);
    expect(Math.abs(admitted(ours) - admitted(theirs))).toBeLessThanOrEqual(1);
    expect(ours.filter((a) => a.status !== 200).every((a) => a.status === 503)).toBe(true);
    // Both instances admitted some: the count is shared, not one instance refusing all.
    const perInstance = [0, 1].map((side) => ours.filter((a, i) => a.status === 200 && (i % 13) % 2 === side).length);
    expect(perInstance.every((n) => n > 0), `admitted per instance: ${perInstance}`).toBe(true);
  });
});

describe.skipIf(!hasRedisServer)('limit_conn across two instances', () => {
  it('max 3 with slow answers: never more than 3 upstream at once across both, the rest 503', async () => {
    const connections = await connectionsOnBoth(12);
    peakInFlight = 0;
    const answers = await Promise.all(connections.map((c) => c.get('/slow/x', HOST)));
    for (const c of connections) c.close();
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(3).fill(200), ...Array(9).fill(503)]);
    expect(peakInFlight).toBe(3);
    // Released when the requests ended: three more fit at once.
    const again = await connectionsOnBoth(3);
    expect((await Promise.all(again.map((c) => c.get('/slow/y', HOST)))).map((a) => a.status)).toEqual([200, 200, 200]);
    for (const c of again) c.close();
    // Nothing left behind in Redis once every request has ended.
    await waitFor('limit_conn keys gone', async () => redis.cli('--scan', '--pattern', 'portico:conn:*') === '', 3000, 20);
  });
});

describe.skipIf(!hasRedisServer)('cache purge', () => {
  it('a purge through one instance reaches the other', async () => {
    // One keep-alive connection: with several workers it stays on one, whose cache it fills
    // (each worker keeps its own cache until the cache is shared between workers).
    const connection = keepConnection(closed.port);
    const fromTheOther = () => connection.get('/cached/page', HOST);
    expect((await fromTheOther()).headers['x-cache-status']).toBe('MISS');
    expect((await fromTheOther()).headers['x-cache-status']).toBe('HIT');
    const fills = pageFills;
    const purged = await control(open, 'POST', '/cache/purge', { url: `http://${HOST}/cached/page` });
    expect(purged).toMatchObject({ status: 200, json: { instances: 'all' } });
    await waitFor('the other instance purged', async () => (await fromTheOther()).headers['x-cache-status'] === 'MISS', 3000, 20);
    expect(pageFills).toBe(fills + 1);
    connection.close();
  });
});

describe.skipIf(!hasRedisServer)('Redis killed mid-traffic', () => {
  it('fail-open keeps serving with a warning, fail-closed answers 503 on limited locations; both recover', async () => {
    const toOpen = keepConnection(open.port);
    const toClosed = keepConnection(closed.port);
    const seen = { open: [] as number[], closed: [] as number[], unlimited: [] as number[] };
    let traffic = true;
    // Steady traffic on both instances while Redis goes away and comes back.
    const loop = (async () => {
      while (traffic) {
        const [a, b, c] = await Promise.all([toOpen.get('/roomy/x', HOST), toClosed.get('/roomy/x', HOST), toClosed.get('/', HOST)]);
        seen.open.push(a.status);
        seen.closed.push(b.status);
        seen.unlimited.push(c.status);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await redis.kill();
      await waitFor('outage in /status', async () => (await redisStatus(open)).state === 'down' && (await redisStatus(closed)).state === 'down', 5000, 20);
      const status = await redisStatus(open);
      expect(status).toMatchObject({ failure: 'open' });
      expect(status.warning).toMatch(/unreachable.*fail-open/);
      // Requests during the outage.
      // (+1: a request already past its check when Redis went away may still answer 200)
      const during = seen.closed.length + 1;
      await waitFor('requests during the outage', async () => seen.closed.length >= during + 5, 5000, 20);
      expect(seen.closed.slice(during)).toEqual(Array(seen.closed.length - during).fill(503));
      expect(seen.open.every((s) => s === 200), `fail-open answers: ${seen.open}`).toBe(true);
      // limit_conn likewise: the local zone on the fail-open instance, 503 on the other.
      const [openSlow, closedSlow] = [keepConnection(open.port), keepConnection(closed.port)];
      expect((await Promise.all([openSlow.get('/slow/outage', HOST), closedSlow.get('/slow/outage', HOST)])).map((a) => a.status)).toEqual([200, 503]);
      openSlow.close();
      closedSlow.close();

      await redis.restart();
      await waitFor('recovered', async () => (await redisStatus(open)).state === 'up' && (await redisStatus(closed)).state === 'up', 10_000, 50);
      // The serving thread's own connection (a worker's, with several) may reconnect a
      // moment after the one /status reports on: from its first 200 on, every answer is 200.
      const recovering = seen.closed.length;
      await waitFor('the fail-closed instance serving again', async () => seen.closed.indexOf(200, recovering) !== -1, 5000, 20);
      const after = seen.closed.indexOf(200, recovering);
      await waitFor('requests after recovery', async () => seen.closed.length >= after + 5, 5000, 20);
      expect(seen.closed.slice(after)).toEqual(Array(seen.closed.length - after).fill(200));
    } finally {
      traffic = false;
      await loop;
      toOpen.close();
      toClosed.close();
    }
    expect(seen.open.every((s) => s === 200)).toBe(true);
    expect(seen.unlimited.every((s) => s === 200), 'unlimited locations never refused').toBe(true);
    expect(seen.closed).toContain(503);
    // One warning per outage in the error log (written within a second: the file is buffered).
    const errorFile = path.join(open.dataDir, 'logs', 'error.log');
    const warnings = () => (fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8').split('\n').filter((line) => line.includes('unreachable')) : []);
    await waitFor('the warning in error.log', async () => warnings().length > 0, 3000, 50);
    expect(warnings()).toHaveLength(1);
  });
});
