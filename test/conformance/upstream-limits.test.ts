// max_conns: requests held open on an upstream (its /hold path never answers) fill
// servers up to their limit; then probes go through nginx and Portico in turn. A request
// no server can take, because each is down or at max_conns, is nginx's "no live
// upstreams" (502, logged as such); a backup or a free server takes it otherwise, and a
// released connection frees its slot. nginx 1.22 has no `queue` (NGINX Plus): Portico's
// pool queue is compared only by its outcome after the wait, 502 as well.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRequest, requestsTo, startPair } from './harness/pair.ts';
import { usePortico } from './harness/case-suite.ts';
import type { RawRequest } from './harness/raw-http.ts';
import { waitFor } from '../helpers/ports.ts';
import { HostInput } from '../../core/config/host.ts';
import { PoolInput } from '../../core/config/pool.ts';
import { clearConfig, createConfigObjects } from '../../core/db/write-config.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { send } from './harness/raw-http.ts';
import { startUpstreams, type Upstreams } from './harness/upstreams.ts';

const host = 'limits.example.com';
const get = requestsTo(host);

/** Holds one request open on the proxy until released: the upstream never answers /hold. */
async function hold(port: number, target: string): Promise<() => void> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  return () => socket.destroy();
}

interface Step {
  /** Requests held open (in this order) before the probes. */
  holds: string[];
  probes: RawRequest[];
  /** nginx's statuses for the probes. */
  expect: number[];
}

interface LimitCase {
  desc: string;
  config: string;
  upstreams?: { live?: string[]; dead?: string[] };
  steps: Step[];
}

const cases: LimitCase[] = [
  {
    desc: 'one server at max_conns=1 → 502; once released → 200',
    config: `upstream u { server {{a}} max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    steps: [
      { holds: ['/hold/1'], probes: [get('/x'), get('/y', { method: 'POST', body: 'data' })], expect: [502, 502] },
      { holds: [], probes: [get('/after')], expect: [200] },
    ],
  },
  {
    desc: 'two servers, each at max_conns=1 → 502; one free → it answers',
    config: `upstream u { server {{a}} max_conns=1; server {{b}} max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [
      { holds: ['/hold/1', '/hold/2'], probes: [get('/x')], expect: [502] },
      { holds: [], probes: [get('/x'), get('/y')], expect: [200, 200] },
      { holds: ['/hold/3'], probes: [get('/x'), get('/y')], expect: [200, 200] },
    ],
  },
  {
    desc: 'max_conns=2: the third request → 502',
    config: `upstream u { server {{a}} max_conns=2; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    steps: [
      { holds: ['/hold/1'], probes: [get('/x')], expect: [200] },
      { holds: ['/hold/2', '/hold/3'], probes: [get('/x'), get('/head', { method: 'HEAD' })], expect: [502, 502] },
    ],
  },
  {
    desc: 'the primary at max_conns: the backup answers; both busy → 502',
    config: `upstream u { server {{a}} max_conns=1; server {{b}} backup max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [
      { holds: ['/hold/1'], probes: [get('/x')], expect: [200] },
      { holds: ['/hold/2', '/hold/3'], probes: [get('/x')], expect: [502] },
    ],
  },
  {
    desc: 'least_conn with max_conns',
    config: `upstream u { least_conn; server {{a}} max_conns=1; server {{b}} max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [
      { holds: ['/hold/1'], probes: [get('/x'), get('/y')], expect: [200, 200] },
      { holds: ['/hold/2', '/hold/3'], probes: [get('/x')], expect: [502] },
      { holds: [], probes: [get('/x'), get('/y')], expect: [200, 200] },
    ],
  },
  {
    desc: 'weighted servers, one at max_conns: the other takes every request',
    config: `upstream u { server {{a}} weight=5 max_conns=1; server {{b}}; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [{ holds: ['/hold/1'], probes: [get('/x'), get('/y'), get('/z')], expect: [200, 200, 200] }],
  },
  {
    desc: 'ip_hash: the hashed server at max_conns → another server',
    config: `upstream u { ip_hash; server {{a}} max_conns=1; server {{b}} max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [
      { holds: [], probes: [get('/x'), get('/y')], expect: [200, 200] },
      { holds: ['/hold/1'], probes: [get('/x'), get('/y')], expect: [200, 200] },
    ],
  },
  {
    desc: 'hash $request_uri consistent: the hashed server at max_conns → another server',
    config: `upstream u { hash $request_uri consistent; server {{a}} max_conns=1; server {{b}} max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [{ holds: ['/hold/1'], probes: [get('/x'), get('/y'), get('/z'), get('/w')], expect: [200, 200, 200, 200] }],
  },
  {
    desc: 'a down server and a busy one → 502',
    config: `upstream u { server {{a}} max_conns=1; server {{b}} down; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a', 'b'] },
    steps: [{ holds: ['/hold/1'], probes: [get('/x')], expect: [502] }],
  },
  {
    desc: 'a refused server and a busy one: the failure, then nothing left → 502',
    config: `upstream u { server {{dead}}; server {{a}} max_conns=1; }
      server { listen 80; server_name ${host}; location / { proxy_pass http://u; } }`,
    upstreams: { live: ['a'], dead: ['dead'] },
    steps: [{ holds: ['/hold/1'], probes: [get('/x'), get('/y')], expect: [502, 502] }],
  },
];

describe('conformance: max_conns', () => {
  const portico = usePortico();

  it.each(cases)('$desc', async (c) => {
    const pair = await startPair(portico(), c.config, c.upstreams ?? { live: ['a'] });
    try {
      const ports = { nginx: pair.nginx.port, portico: pair.portico.port };
      for (const step of c.steps) {
        const seen: Record<'nginx' | 'portico', { status: number; upstream: string[] }[]> = { nginx: [], portico: [] };
        for (const proxy of ['nginx', 'portico'] as const) {
          const releases: (() => void)[] = [];
          const mark = pair.upstreams.log.length;
          for (const target of step.holds) {
            releases.push(await hold(ports[proxy], target));
            // Each held request has reached its upstream before the next request is sent.
            await waitFor(`${target} to reach an upstream`, async () => pair.upstreams.log.slice(mark).some((s) => s.target === target), 10000, 20);
          }
          try {
            for (const probe of step.probes) {
              const o = await pair.observe(proxy, probe);
              seen[proxy].push({ status: o.status, upstream: o.upstream.map((u) => u.upstream) });
            }
          } finally {
            for (const release of releases) release();
          }
          // Both proxies free the upstream connection of a client that left.
          await new Promise((r) => setTimeout(r, 300));
        }
        const labels = step.probes.map(describeRequest).join(', ');
        expect(seen.nginx.map((s) => s.status), `nginx: ${labels}`).toEqual(step.expect);
        expect(seen.portico, `Portico differs from nginx: ${labels}`).toEqual(seen.nginx);
      }
      if (c.steps.some((s) => s.expect.includes(502)) && !c.upstreams?.dead) expect(pair.nginx.errorLog()).toContain('no live upstreams while connecting to upstream');
    } finally {
      await pair.close();
    }
  });
});

// NGINX Plus's `queue` (Portico's pool queue) has no counterpart in nginx 1.22: Portico
// alone, with nginx's outcome once no server frees up: 502, after the wait or at once
// when the queue is full.
describe('the pool queue (Portico only)', () => {
  let t: TlsEngine;
  let upstreams: Upstreams;
  beforeAll(async () => {
    upstreams = await startUpstreams({ live: ['a'] });
    t = await startTlsEngine();
    await t.db.$transaction(async (tx) => {
      await clearConfig(tx);
      await createConfigObjects(tx, {
        pools: [PoolInput.parse({ name: 'queued', servers: [{ address: upstreams.addresses.a, maxConns: 1 }], queue: { size: 1, timeoutMs: 400 } })],
        hosts: [HostInput.parse({ serverNames: [host], entrypoints: ['http'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'queued' } }] })],
        cacheZones: [],
        limitZones: [],
      });
    });
    await t.apply();
  });
  afterAll(async () => {
    await Promise.all([t?.stop(), upstreams?.close()]);
  });

  it('waits for a slot, then answers 502; a full queue answers 502 at once; a freed slot serves the waiter', async () => {
    const status = (target: string) => send(t.ports.http, get(target), 5000).then((r) => r.status);
    const release = await hold(t.ports.http, '/hold/1');
    await waitFor('the held request to reach the upstream', async () => upstreams.log.some((s) => s.target === '/hold/1'), 10000, 20);
    const t0 = performance.now();
    const waiting = status('/waits');
    await new Promise((r) => setTimeout(r, 50));
    const t1 = performance.now();
    expect(await status('/queue-full')).toBe(502);
    expect(performance.now() - t1).toBeLessThan(300);
    expect(await waiting).toBe(502);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    const served = status('/served');
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await served).toBe(200);
  });
});
