// Pools through the running engine: an active health check takes a failing server out
// before a client request hits it; live health per server through the API; max_conns
// answers 503 when every server is full and no queue is configured.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBreakableUpstream, startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { readStatsStream } from '../helpers/stats-stream.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;
let good: EchoUpstream;
let flaky: EchoUpstream & { broken: boolean };
let slow: EchoUpstream;

beforeAll(async () => {
  good = await startEchoUpstream(undefined, 'good');
  flaky = await startBreakableUpstream('flaky');
  slow = await startEchoUpstream((_req, res) => {
    setTimeout(() => res.end('slow'), 500);
    return true;
  }, 'slow');
  portico = await startPortico();
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await Promise.all([portico?.stop(), good?.close(), flaky?.close(), slow?.close()]);
});

describe('pools in the engine', () => {
  it('takes a server that starts answering 500 out of rotation before any client request fails', async () => {
    const pool = await api.call('POST', '/api/v1/pools', {
      name: 'checked',
      servers: [{ address: good.address }, { address: flaky.address }],
      healthCheck: { intervalMs: 100, timeoutMs: 500, path: '/health', rise: 1, fall: 1 },
    });
    expect(pool.status).toBe(201);
    await api.call('POST', '/api/v1/hosts', { serverNames: ['checked.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: pool.json.pool.id } }] });
    const health = await waitFor('both servers healthy', async () => {
      const h = await api.call('GET', `/api/v1/pools/${pool.json.pool.id}/health`);
      return h.status === 200 && h.json.servers.every((s: { status: string }) => s.status === 'healthy') ? h.json : null;
    }, 5000);
    expect(health.servers.map((s: { address: string }) => s.address)).toEqual([good.address, flaky.address]);

    flaky.broken = true;
    const checksBefore = flaky.seen.filter((r) => r.url === '/health').length;
    // The next check sees the 500 and takes the server out; no client request runs meanwhile.
    await waitFor('the flaky server to be marked unhealthy', async () => {
      const h = await api.call('GET', `/api/v1/pools/${pool.json.pool.id}/health`);
      return h.json.servers[1].status === 'unhealthy';
    }, 5000);
    expect(flaky.seen.filter((r) => r.url === '/health').length).toBeGreaterThan(checksBefore);
    const clientRequestsToFlaky = flaky.seen.filter((r) => r.url !== '/health').length;
    for (let i = 0; i < 20; i++) expect((await request(portico.ports.http, `/r${i}`, { headers: { host: 'checked.test' } })).status).toBe(200);
    expect(flaky.seen.filter((r) => r.url !== '/health').length).toBe(clientRequestsToFlaky);

    // The change is in the audit trail, with its reason.
    const audit = await waitFor('the health event in the audit log', async () => {
      const res = await api.call('GET', '/api/v1/audit?objectType=server');
      return res.json.events?.find((e: { action: string }) => e.action === 'server.down') ?? null;
    }, 5000);
    expect(audit.after).toMatchObject({ status: 'unhealthy', source: 'active', address: flaky.address });

    flaky.broken = false;
    await waitFor('the flaky server to recover', async () => (await api.call('GET', `/api/v1/pools/${pool.json.pool.id}/health`)).json.servers[1].status === 'healthy', 5000);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add(JSON.parse((await request(portico.ports.http, '/', { headers: { host: 'checked.test' } })).body).upstream);
    expect(seen).toEqual(new Set(['good', 'flaky']));

    // Both changes reach the live statistics stream as events, in order (replayed from the ring).
    type Snapshot = { events?: { kind: string; address?: string; poolId?: string; source?: string; reason?: string | null; at: number }[] };
    const kindsFor = (evs: { data: Snapshot }[]) => evs.flatMap((e) => e.data.events ?? []).filter((e) => e.address === flaky.address);
    const streamed = kindsFor(await readStatsStream<Snapshot>(portico.dashboard, api.cookie, (evs) => kindsFor(evs).some((e) => e.kind === 'server.up'), 10_000, '0'));
    expect(streamed.map((e) => e.kind)).toEqual(['server.down', 'server.up']);
    expect(streamed[0]).toMatchObject({ poolId: pool.json.pool.id, source: 'active', reason: expect.stringMatching(/500/) });
  });

  it('answers 502 when every server is at max_conns and no queue is configured (as nginx)', async () => {
    const pool = await api.call('POST', '/api/v1/pools', { name: 'limited', servers: [{ address: slow.address, maxConns: 2 }] });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['limited.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: pool.json.pool.id } }] });
    await waitFor('the host', async () => (await request(portico.ports.http, '/', { headers: { host: 'limited.test' } })).status === 200);
    const agent = new http.Agent({ keepAlive: false });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => request(portico.ports.http, '/', { headers: { host: 'limited.test' }, agent }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 502)).toHaveLength(4);
  });

  it('queues requests for a full pool when a queue is configured', async () => {
    const pool = await api.call('POST', '/api/v1/pools', { name: 'queued', servers: [{ address: slow.address, maxConns: 1 }], queue: { size: 10, timeoutMs: 5000 } });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['queued.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: pool.json.pool.id } }] });
    await waitFor('the host', async () => (await request(portico.ports.http, '/', { headers: { host: 'queued.test' } })).status === 200);
    const statuses = await Promise.all(Array.from({ length: 4 }, () => request(portico.ports.http, '/', { headers: { host: 'queued.test' } }).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});
