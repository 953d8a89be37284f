// A host created through the API serves traffic; updates apply under load without a
// failed request; a broken object is reported while everything else keeps serving.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;
let blue: EchoUpstream;
let green: EchoUpstream;

beforeAll(async () => {
  [portico, blue, green] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'blue'), startEchoUpstream(undefined, 'green')]);
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await Promise.all([portico?.stop(), blue?.close(), green?.close()]);
});

describe('API → engine', () => {
  it('proxies a host created through the API within 2 s', async () => {
    const t0 = Date.now();
    const res = await api.call('POST', '/api/v1/hosts', {
      serverNames: ['fresh.test'],
      locations: [{ path: '/', action: { kind: 'proxy', address: blue.address } }],
    });
    expect(res.status).toBe(201);
    const reply = await waitFor('the new host to serve', async () => {
      const r = await request(portico.ports.http, '/hello?x=1', { headers: { host: 'fresh.test' } });
      return r.status === 200 ? r : null;
    }, 10_000, 20);
    console.log(`api to traffic: the new host served ${Date.now() - t0} ms after the write was sent`);
    expect(JSON.parse(reply.body)).toMatchObject({ upstream: 'blue', url: '/hello?x=1' });
  });

  it('applies an update while requests run, with zero failed requests', async () => {
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['switch.test'], locations: [{ path: '/', action: { kind: 'proxy', address: blue.address } }] });
    const id = created.json.host.id;
    await waitFor('blue', async () => (await request(portico.ports.http, '/', { headers: { host: 'switch.test' } })).status === 200);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const seen = { blue: 0, green: 0, failed: 0 };
    let running = true;
    const loop = async () => {
      while (running) {
        try {
          const r = await request(portico.ports.http, '/', { headers: { host: 'switch.test' }, agent });
          if (r.status !== 200) seen.failed++;
          else seen[JSON.parse(r.body).upstream as 'blue' | 'green']++;
        } catch {
          seen.failed++;
        }
      }
    };
    const loops = Array.from({ length: 4 }, loop);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 10; i++) {
      const target = i % 2 === 0 ? green : blue;
      const res = await api.call('PUT', `/api/v1/hosts/${id}`, { serverNames: ['switch.test'], locations: [{ path: '/', action: { kind: 'proxy', address: target.address } }] });
      expect(res.json.apply.applied).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
    }
    running = false;
    await Promise.all(loops);
    agent.destroy();
    expect(seen.failed).toBe(0);
    expect(seen.blue).toBeGreaterThan(0);
    expect(seen.green).toBeGreaterThan(0);
  });

  it('reports a host whose upstream is invalid while the other hosts keep serving', async () => {
    // A pool referencing an address that cannot be used: the DB accepts the row only if
    // validation is bypassed, so break the pool through the database as a manual edit would.
    const pool = await api.call('POST', '/api/v1/pools', { name: 'breakable', servers: [{ address: green.address }] });
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['broken.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: pool.json.pool.id } }] });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['healthy.test'], locations: [{ path: '/', action: { kind: 'proxy', address: blue.address } }] });
    const { openDb } = await import('../../core/db/client.ts');
    const db = await openDb(portico.dataDir);
    await db.$transaction([
      db.server.updateMany({ where: { poolId: pool.json.pool.id }, data: { address: 'no port here at all' } }),
      db.configState.update({ where: { id: 1 }, data: { revision: { increment: 1 } } }),
    ]);
    await db.$disconnect();
    const status = await waitFor('the engine to report the broken pool', async () => {
      const s = await api.call('GET', '/api/v1/engine/status');
      return s.json.errors.length > 0 && s.json.appliedRevision === s.json.desiredRevision ? s.json : null;
    }, 5000);
    expect(status.errors).toEqual(expect.arrayContaining([expect.objectContaining({ objectType: 'pool', objectId: pool.json.pool.id, path: 'servers.0.address' })]));
    expect(status.errors).toEqual(expect.arrayContaining([expect.objectContaining({ objectType: 'location', objectId: host.json.host.locations[0].id })]));
    expect((await request(portico.ports.http, '/', { headers: { host: 'healthy.test' } })).status).toBe(200);
    expect((await request(portico.ports.http, '/', { headers: { host: 'broken.test' } })).status).toBe(404);
  });
});
