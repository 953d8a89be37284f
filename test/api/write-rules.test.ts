// Write rules found broken by an independent pass over the API, now held: a limit zone in
// use keeps its kind, an editor cannot change admin-only settings through a rollback,
// references to missing objects are 422s with a path (hosts and JSON imports), export
// works for any accepted server name, one default server per entrypoint, unique clashes
// name the field, and numeric IPv4 spellings cannot slip past the metadata-address guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let api: ApiClient;
let echo: EchoUpstream;

beforeAll(async () => {
  [portico, echo] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'echo')]);
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await Promise.all([portico?.stop(), echo?.close()]);
});

const status = async (host: string) => (await request(portico.ports.http, '/', { headers: { host } })).status;

describe('write rules', () => {
  it('changing a limit zone kind under a location that uses it is refused or reported', async () => {
    const zone = await api.call('POST', '/api/v1/limit-zones', { name: 'rl', kind: 'REQUEST', rate: { count: 100, per: 'second' } });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['rl.test'], locations: [{ path: '/', action: { kind: 'proxy', address: echo.address }, policies: { rateLimits: [{ zone: 'rl' }] } }] });
    await waitFor('rl.test', async () => (await status('rl.test')) === 200, 3000);
    const res = await api.call('PUT', `/api/v1/limit-zones/${zone.json.zone.id}`, { name: 'rl', kind: 'CONNECTION' });
    // Refused like a rename, and the host keeps serving.
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'conflict', details: { kind: 'in use' } });
    expect(await status('rl.test')).toBe(200);
  });

  it('an EDITOR cannot change admin-only settings through a rollback', async () => {
    const settings = (await api.call('GET', '/api/v1/settings')).json.settings;
    const on = await api.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: true });
    await api.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: false });
    await api.call('POST', '/api/v1/users', { email: 'ed@example.com', password: 'a-long-enough-password-42', role: 'EDITOR' });
    const ed = await signIn(portico.dashboard, { email: 'ed@example.com', password: 'a-long-enough-password-42' });
    expect((await ed.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: true })).status).toBe(403);
    await ed.call('POST', `/api/v1/versions/${on.json.apply.revision}/rollback`);
    const after = (await api.call('GET', '/api/v1/settings')).json.settings;
    await api.call('PUT', '/api/v1/settings', { ...settings, allowLinkLocalUpstreams: false });
    expect(after.allowLinkLocalUpstreams).toBe(false);
  });

  it('a host pinning a certificate that does not exist gets 422 on tls.certificateId', async () => {
    const res = await api.call('POST', '/api/v1/hosts', { serverNames: ['cert-ref.test'], tls: { certificateId: 'does-not-exist' } });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error.details[0].path).toBe('tls.certificateId');
  });

  it('exports the nginx text of any host it accepted', async () => {
    const h = await api.call('POST', '/api/v1/hosts', { serverNames: ['~^日本\\.test$'] });
    expect(h.status).toBe(201);
    const r = await fetch(`${portico.dashboard}/api/v1/export/nginx?host=${h.json.host.id}`, { headers: { cookie: api.cookie } });
    expect(r.status).toBe(200);
  });

  it('a JSON import whose host references a missing pool is a 422 with a path, not a 409', async () => {
    const pool = await api.call('POST', '/api/v1/pools', { name: 'imp-pool', servers: [{ address: echo.address }] });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['imp.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: pool.json.pool.id } }] });
    const exported = (await api.call('GET', '/api/v1/export/json')).json;
    const dry = await api.call('POST', '/api/v1/import/json', { snapshot: { ...exported.snapshot, pools: [] }, dryRun: true });
    const res = await api.call('POST', '/api/v1/import/json', { snapshot: { ...exported.snapshot, pools: [] } });
    expect({ dry: dry.status, real: res.status }).toEqual({ dry: 422, real: 422 });
  });

  it('a second default server on the same entrypoint is refused or reported', async () => {
    await api.call('POST', '/api/v1/hosts', { serverNames: ['d1.test'], defaultServer: true, locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'd1' } }] });
    const d2 = await api.call('POST', '/api/v1/hosts', { serverNames: ['d2.test'], defaultServer: true, locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'd2' } }] });
    expect(d2.status).toBe(409);
    expect(d2.json.error.details).toMatchObject({ path: 'defaultServer' });
    await waitFor('the first default server to answer unknown hosts', async () => (await request(portico.ports.http, '/', { headers: { host: 'nobody.test' } })).body === 'd1', 3000);
  });

  it('a unique-name conflict names the field', async () => {
    await api.call('POST', '/api/v1/pools', { name: 'dup', servers: [{ address: echo.address }] });
    const res = await api.call('POST', '/api/v1/pools', { name: 'dup', servers: [{ address: echo.address }] });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ message: 'a pool with this name already exists', details: { fields: ['name'], path: 'name' } });
  });

  it('refuses numeric spellings of IPv4 addresses (2852039166, 0xa9fea9fe, 169.254.43518, 127.1) with a reason', async () => {
    for (const address of ['2852039166:80', '0xa9fea9fe:80', '169.254.43518:80', '127.1:80']) {
      const res = await api.call('POST', '/api/v1/pools', { name: `n${address.length}${address.charCodeAt(0)}`, servers: [{ address }] });
      expect(res.status, address).toBe(422);
      expect(res.json.error.details, address).toEqual([{ path: 'servers.0.address', message: 'an IPv4 address is written as four decimal numbers (a.b.c.d)' }]);
    }
  });

  it('refuses input that cannot mean anything: "/a" twice as prefix and ^~, a token already expired, filters no log or chart can match', async () => {
    const dup = await api.call('POST', '/api/v1/hosts', { serverNames: ['dup-loc.test'], locations: [{ path: '/a', action: { kind: 'return', status: 200 } }, { path: '/a', matchKind: 'PREFIX_NOREGEX', action: { kind: 'return', status: 204 } }] });
    expect(dup.status).toBe(422);
    expect(dup.json.error.details).toEqual([{ path: 'locations.1.path', message: 'duplicate location "/a"' }]);
    const token = await api.call('POST', '/api/v1/tokens', { name: 'late', scope: 'READ', expiresAt: '2020-01-01T00:00:00.000Z' });
    expect(token.status).toBe(422);
    expect(token.json.error.details).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
    expect((await api.call('GET', '/api/v1/stats?range=bogus')).status).toBe(400);
    expect((await api.call('GET', '/api/v1/versions/diff')).status).toBe(400);
    const logs = await api.call('GET', '/api/v1/logs?status=abc&limit=-1');
    expect(logs.status).toBe(422);
    expect(logs.json.error.details.map((d: { path: string }) => d.path)).toEqual(['status', 'limit']);
  });
});
