// The REST API for hosts and pools, against a real Portico (dashboard + engine + SQLite).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';

let portico: Portico;
let api: ApiClient;

beforeAll(async () => {
  portico = await startPortico();
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await portico?.stop();
});

const pool = { name: 'backend', servers: [{ address: '127.0.0.1:9001', weight: 2 }, { address: '127.0.0.1:9002' }] };

describe('pools', () => {
  it('creates, lists, updates and deletes a pool', async () => {
    const created = await api.call('POST', '/api/v1/pools', pool);
    expect(created.status).toBe(201);
    expect(created.json.pool).toMatchObject({ name: 'backend', algorithm: 'ROUND_ROBIN', servers: [{ address: '127.0.0.1:9001', weight: 2 }, { address: '127.0.0.1:9002', weight: 1 }] });
    const id = created.json.pool.id;

    const list = await api.call('GET', '/api/v1/pools');
    expect(list.json.pools.map((p: { id: string }) => p.id)).toContain(id);

    const patched = await api.call('PATCH', `/api/v1/pools/${id}`, { algorithm: 'LEAST_CONN' });
    expect(patched.status).toBe(200);
    expect(patched.json.pool.algorithm).toBe('LEAST_CONN');
    expect(patched.json.pool.servers).toHaveLength(2);

    const replaced = await api.call('PUT', `/api/v1/pools/${id}`, { ...pool, servers: [{ address: '127.0.0.1:9003' }] });
    expect(replaced.json.pool.servers).toEqual([expect.objectContaining({ address: '127.0.0.1:9003' })]);

    expect((await api.call('DELETE', `/api/v1/pools/${id}`)).status).toBe(200);
    expect((await api.call('GET', `/api/v1/pools/${id}`)).status).toBe(404);
  });

  it('refuses a duplicate name with 409', async () => {
    expect((await api.call('POST', '/api/v1/pools', { ...pool, name: 'dup' })).status).toBe(201);
    const again = await api.call('POST', '/api/v1/pools', { ...pool, name: 'dup' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
  });

  it('refuses deleting a pool a location uses', async () => {
    const p = await api.call('POST', '/api/v1/pools', { ...pool, name: 'in-use' });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['uses-pool.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: p.json.pool.id } }] });
    const res = await api.call('DELETE', `/api/v1/pools/${p.json.pool.id}`);
    expect(res.status).toBe(409);
  });

  it('validates servers: weights, duplicates, at least one primary', async () => {
    const res = await api.call('POST', '/api/v1/pools', {
      name: 'bad',
      servers: [{ address: '127.0.0.1:1', weight: 0 }, { address: '127.0.0.1:1', backup: true }, { address: 'not an address' }],
    });
    expect(res.status).toBe(422);
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['servers.0.weight', 'servers.1.address', 'servers.2.address']));
  });
});

describe('hosts', () => {
  it('creates, gets, updates and deletes a host with locations', async () => {
    const created = await api.call('POST', '/api/v1/hosts', {
      serverNames: ['App.Example.COM', '*.example.org'],
      locations: [
        { path: '/api/', action: { kind: 'proxy', address: '127.0.0.1:3000', uri: '/' } },
        { matchKind: 'EXACT', path: '/health', action: { kind: 'return', status: 200, body: 'ok' } },
      ],
    });
    expect(created.status).toBe(201);
    const host = created.json.host;
    expect(host.serverNames).toEqual(['app.example.com', '*.example.org']);
    expect(host.locations).toHaveLength(2);
    expect(created.json.apply).toMatchObject({ applied: true, errors: [] });

    expect((await api.call('GET', `/api/v1/hosts/${host.id}`)).json.host.id).toBe(host.id);

    const patched = await api.call('PATCH', `/api/v1/hosts/${host.id}`, { enabled: false });
    expect(patched.json.host.enabled).toBe(false);
    expect(patched.json.host.locations).toHaveLength(2);

    const list = await api.call('GET', '/api/v1/hosts');
    expect(list.json.hosts.find((h: { id: string }) => h.id === host.id)).toBeTruthy();

    expect((await api.call('DELETE', `/api/v1/hosts/${host.id}`)).status).toBe(200);
    expect((await api.call('GET', `/api/v1/hosts/${host.id}`)).status).toBe(404);
  });

  it('answers invalid input with 422 and field paths, and changes nothing', async () => {
    const before = await api.call('GET', '/api/v1/hosts');
    const revisionBefore = (await api.call('GET', '/api/v1/engine/status')).json.desiredRevision;
    const res = await api.call('POST', '/api/v1/hosts', {
      serverNames: ['ok.test', 'bad name'],
      locations: [
        { path: '/a/', action: { kind: 'proxy', address: '127.0.0.1:80' }, policies: { proxyHeaders: [{ name: 'X-Bad', value: 'a\r\nInjected: 1' }] } },
        { matchKind: 'REGEX', path: '(a+)+\\1', action: { kind: 'proxy', address: '127.0.0.1:80', uri: '/' } },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation_failed');
    const paths = res.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['serverNames.1', 'locations.0.policies.proxyHeaders.0.value', 'locations.1.path']));
    const after = await api.call('GET', '/api/v1/hosts');
    expect(after.json.hosts).toEqual(before.json.hosts);
    expect((await api.call('GET', '/api/v1/engine/status')).json.desiredRevision).toBe(revisionBefore);
  });

  it('refuses a server name another host has with 409', async () => {
    expect((await api.call('POST', '/api/v1/hosts', { serverNames: ['taken.test'] })).status).toBe(201);
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['other.test', 'taken.test'] });
    expect(res.status).toBe(409);
    expect(res.json.error.details.path).toBe('serverNames.1');
  });

  it('refuses link-local and cloud metadata upstreams unless the settings allow them', async () => {
    const metadata = await api.call('POST', '/api/v1/hosts', { serverNames: ['ssrf.test'], locations: [{ path: '/', action: { kind: 'proxy', address: '169.254.169.254:80' } }] });
    expect(metadata.status).toBe(422);
    expect(metadata.json.error.details[0].path).toBe('locations.0.action.address');
    const pool = await api.call('POST', '/api/v1/pools', { name: 'ssrf', servers: [{ address: 'metadata.google.internal:80' }] });
    expect(pool.status).toBe(422);
    const settings = (await api.call('GET', '/api/v1/settings')).json.settings;
    expect((await api.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: true })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/pools', { name: 'ssrf', servers: [{ address: 'metadata.google.internal:80' }] })).status).toBe(201);
    await api.call('PUT', '/api/v1/settings', settings);
  });

  it('refuses a reference to a pool that does not exist with 422', async () => {
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['ref.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'nope' } }] });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe('locations.0.action.poolId');
  });
});

describe('auth and request checks', () => {
  it('answers 401 without credentials', async () => {
    for (const [method, path] of [['GET', '/api/v1/hosts'], ['POST', '/api/v1/hosts'], ['GET', '/api/v1/pools'], ['GET', '/api/v1/engine/status']] as const) {
      const res = await fetch(`${portico.dashboard}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('refuses a cross-origin write with 403', async () => {
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['csrf.test'] }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const list = await api.call('GET', '/api/v1/hosts');
    expect(list.json.hosts.some((h: { serverNames: string[] }) => h.serverNames.includes('csrf.test'))).toBe(false);
  });

  it('accepts a same-origin write', async () => {
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['same-origin.test'] }, { origin: portico.dashboard });
    expect(res.status).toBe(201);
  });

  it('authenticates API tokens and enforces their scope', async () => {
    const read = await api.call('POST', '/api/v1/tokens', { name: 'ci read', scope: 'READ' });
    expect(read.status).toBe(201);
    expect(read.json.token).toMatch(/^pt_/);
    const headers = { authorization: `Bearer ${read.json.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${portico.dashboard}/api/v1/hosts`, { headers })).status).toBe(200);
    const write = await fetch(`${portico.dashboard}/api/v1/hosts`, { method: 'POST', headers, body: JSON.stringify({ serverNames: ['scoped.test'] }) });
    expect(write.status).toBe(403);
    // The secret is never listed again.
    const list = await api.call('GET', '/api/v1/tokens');
    expect(JSON.stringify(list.json)).not.toContain(read.json.token);
    await api.call('DELETE', `/api/v1/tokens/${read.json.id}`);
    expect((await fetch(`${portico.dashboard}/api/v1/hosts`, { headers })).status).toBe(401);
  });

  it('refuses a wrong password and throttles repeated failures', async () => {
    // Another loopback address stands for a client of its own (X-Forwarded-For counts only
    // from a trusted proxy: test/security/login-throttle.test.ts).
    const attempt = () =>
      request(portico.ports.dashboard, '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password' }), localAddress: '127.0.0.9' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const res = await api.call('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.0.3');
    expect(res.json.paths['/api/v1/hosts'].post.requestBody).toBeTruthy();
    expect(res.json.components.schemas.HostInput.properties.serverNames).toBeTruthy();
  });
});
