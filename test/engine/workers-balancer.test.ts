// Round robin across 2 workers (PORTICO_WORKERS=2) follows one sequence, as nginx's
// workers do with a `zone` in the upstream: a client opening a new connection for every
// request (the kernel spreads them over the workers) sees the server order nginx with 2
// workers gives it. With a round-robin position per worker the order would differ as soon
// as both workers take requests, which the test checks they do.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { workerStatuses } from '../helpers/engine-workers.ts';
import { connectionPerWorker } from '../helpers/cross-worker-traffic.ts';
import { hasNginx, startNginx, type NginxOracle } from '../helpers/nginx-limit-oracle.ts';
import { waitFor } from '../helpers/ports.ts';

const HOST = 'rr.test';
/** Named servers: each answers with its name. */
const NAMES = ['a', 'b', 'c', 'd', 'e'] as const;
const servers: http.Server[] = [];
const address: Record<string, string> = {};
let engine: TestEngine;
let nginx: NginxOracle;
/** The queued pool's one server: /hold answers when released, anything else at once. */
let holding: http.Server;
let holdingAddress = '';
const held: Array<() => void> = [];

// weighted: smooth 5:1:1. mixed: a down server, a failing-free backup, weights 3 and 1 and 2.
const POOLS = {
  weighted: [
    { name: 'a', weight: 5 },
    { name: 'b', weight: 1 },
    { name: 'c', weight: 1 },
  ],
  mixed: [
    { name: 'a', weight: 3 },
    { name: 'b', weight: 1, down: true },
    { name: 'c', weight: 1 },
    { name: 'd', weight: 2 },
    { name: 'e', weight: 1, backup: true },
  ],
} as const;

beforeAll(async () => {
  for (const name of NAMES) {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(name));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    address[name] = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  holding = http.createServer((req, res) => {
    const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('held');
    if (req.url!.endsWith('/hold')) held.push(answer);
    else answer();
  });
  await new Promise<void>((resolve) => holding.listen(0, '127.0.0.1', resolve));
  holdingAddress = `127.0.0.1:${(holding.address() as AddressInfo).port}`;
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  await engine.configure({
    pools: [
      ...Object.entries(POOLS).map(([pool, list]) => ({
        name: pool,
        servers: list.map((s) => ({ address: address[s.name]!, weight: s.weight, ...('down' in s ? { down: true } : {}), ...('backup' in s ? { backup: true } : {}) })),
      })),
      { name: 'queued', servers: [{ address: holdingAddress, maxConns: 1 }], queue: { size: 1, timeoutMs: 3000 } },
    ],
    hosts: [{ serverNames: [HOST], locations: [...Object.keys(POOLS), 'queued'].map((pool) => ({ path: `/${pool}/`, action: { kind: 'proxy', poolId: pool } })) }],
  });
  if (hasNginx) {
    const upstreams = Object.entries(POOLS).map(
      ([pool, list]) =>
        `upstream ${pool} { zone ${pool} 64k; ${list.map((s) => `server ${address[s.name]} weight=${s.weight}${'down' in s ? ' down' : ''}${'backup' in s ? ' backup' : ''};`).join(' ')} }`,
    );
    nginx = await startNginx(
      `${upstreams.join('\n')}
      server {
        listen 127.0.0.1:$PORT reuseport;
        add_header X-Worker $pid always;
        ${Object.keys(POOLS).map((pool) => `location /${pool}/ { proxy_pass http://${pool}; }`).join('\n')}
      }`,
      {},
      { workerProcesses: 2 },
    );
  }
}, 60_000);

afterAll(async () => {
  for (const answer of held.splice(0)) answer();
  await Promise.all([engine?.stop(), nginx?.stop(), ...[...servers, holding].map((s) => new Promise((resolve) => s?.close(resolve)))]);
});

/** One request on a new connection (closed after it): the kernel picks the worker. */
function getOnNewConnection(port: number, path: string): Promise<{ body: string; worker: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent: false, headers: { host: HOST, connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ body, worker: res.headers['x-worker'] as string | undefined }));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${path}: no answer in 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

async function sequence(port: number, path: string, count: number): Promise<{ order: string[]; workers: Set<string | undefined> }> {
  const order: string[] = [];
  const workers = new Set<string | undefined>();
  for (let i = 0; i < count; i++) {
    const answer = await getOnNewConnection(port, path);
    order.push(answer.body);
    workers.add(answer.worker);
  }
  return { order, workers };
}

async function requestsPerWorker(): Promise<number[]> {
  return (await workerStatuses(engine)).map((w) => w.requests);
}

describe.skipIf(!hasNginx)('round robin across 2 workers, a new connection per request', () => {
  it.each(Object.keys(POOLS))('pool %s: the order nginx with 2 workers and a zone gives', async (pool) => {
    const count = 28;
    const theirs = await sequence(nginx.port, `/${pool}/`, count);
    expect(theirs.workers.size, 'both nginx workers answered').toBe(2);

    const before = await requestsPerWorker();
    const ours = await sequence(engine.port, `/${pool}/`, count);
    let shares: number[] = [];
    await waitFor(`${count} requests counted by the workers`, async () => {
      shares = (await requestsPerWorker()).map((n, i) => n - before[i]!);
      return shares.reduce((a, b) => a + b, 0) >= count;
    }, 5000);
    expect(shares.every((n) => n > 0), `both workers answered: ${shares}`).toBe(true);
    expect(ours.order).toEqual(theirs.order);
  });
});

// Portico's pool queue (NGINX Plus `queue`) with 2 workers: one queue for the engine. A
// request waiting on one worker is served when a request on the other frees the slot
// (with a queue per worker it would wait for its timeout: no release reaches it), and
// the queue is full for both workers at once.
describe('the pool queue across 2 workers', () => {
  it('max_conns=1, queue 1: the waiter on one worker gets the slot freed on the other; a third request on the worker without the waiter is refused at once', async () => {
    const [first, second] = await connectionPerWorker(engine, HOST, '/weighted/');
    const [third] = await connectionPerWorker(engine, HOST, '/weighted/');
    try {
      const holder = first!.get('/queued/hold', HOST);
      await waitFor('the held request to reach the server', async () => held.length === 1, 5000);
      const waiter = second!.get('/queued/wait', HOST);
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Worker 1 has no waiter of its own: only a shared count makes its queue full.
      const refused = await third!.get('/queued/full', HOST);
      expect(refused.status).toBe(502);
      expect(refused.ms).toBeLessThan(1000);
      held.shift()!();
      expect((await holder).status).toBe(200);
      const served = await waiter;
      expect(served.status).toBe(200);
      // Served by the release, well before the queue's 3 s timeout.
      expect(served.ms).toBeLessThan(2000);
    } finally {
      for (const c of [first, second, third]) c?.close();
    }
  });
});
