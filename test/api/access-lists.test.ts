// Access lists through the API against a real Portico (dashboard + engine + SQLite): a list
// attached to two hosts decides for both, one edit changes both at the write's apply,
// passwords are checked against the stored hash and never returned, bad input is refused
// with its field path, a list in use cannot be deleted, and a viewer only reads.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';

let portico: Portico;
let api: ApiClient;
let upstream: http.Server;
let upstreamPort: number;

beforeAll(async () => {
  portico = await startPortico({ PORTICO_BIND_ADDRESS: '127.0.0.1' });
  api = await signIn(portico.dashboard);
  // access runs after rewrite-phase answers (as nginx), so the hosts proxy to a real upstream.
  upstream = http.createServer((req, res) => res.end(`upstream ${req.headers.host}`));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as AddressInfo).port;
}, 600_000);
afterAll(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
  await portico?.stop();
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const get = (host: string, from = '127.0.0.1', headers: Record<string, string> = {}) =>
  request(portico.ports.http, '/', { headers: { host, ...headers }, localAddress: from });

async function hostWithList(name: string, listId: string, inline: Record<string, unknown> = {}) {
  const res = await api.call('POST', '/api/v1/hosts', {
    serverNames: [name],
    locations: [{ path: '/', action: { kind: 'proxy', address: `127.0.0.1:${upstreamPort}` } }],
    policies: { access: { listId, ...inline } },
  });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  expect(res.json.apply).toMatchObject({ applied: true, errors: [] });
  return res.json.host.id as string;
}

describe('access lists', () => {
  it('decides for every host using it, and one edit changes them all', async () => {
    const created = await api.call('POST', '/api/v1/access-lists', {
      name: 'office',
      rules: [
        { action: 'deny', source: '127.0.0.2' },
        { action: 'allow', source: '127.0.0.0/8' },
        { action: 'deny', source: 'all' },
      ],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.accessList.id;
    const a = await hostWithList('a.acl.test', id);
    const b = await hostWithList('b.acl.test', id);

    for (const host of ['a.acl.test', 'b.acl.test']) {
      expect((await get(host, '127.0.0.2')).status).toBe(403);
      const allowed = await get(host, '127.0.0.3');
      expect(allowed.status).toBe(200);
      expect(allowed.body).toBe(`upstream 127.0.0.1:${upstreamPort}`);
    }

    const listed = await api.call('GET', `/api/v1/access-lists/${id}`);
    expect(listed.json.usedBy.map((u: { hostId: string }) => u.hostId).sort()).toEqual([a, b].sort());

    // One edit: 127.0.0.2 is let in and 127.0.0.3 shut out, on both hosts at this apply.
    const edited = await api.call('PATCH', `/api/v1/access-lists/${id}`, { rules: [{ action: 'deny', source: '127.0.0.3' }] });
    expect(edited.status).toBe(200);
    expect(edited.json.apply).toMatchObject({ applied: true, errors: [] });
    for (const host of ['a.acl.test', 'b.acl.test']) {
      expect((await get(host, '127.0.0.2')).status).toBe(200);
      expect((await get(host, '127.0.0.3')).status).toBe(403);
    }

    // In use: 409 with where.
    const refused = await api.call('DELETE', `/api/v1/access-lists/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.details.usedBy.map((u: { host: string }) => u.host).sort()).toEqual(['a.acl.test', 'b.acl.test']);
    await api.call('DELETE', `/api/v1/hosts/${a}`);
    await api.call('DELETE', `/api/v1/hosts/${b}`);
    expect((await api.call('DELETE', `/api/v1/access-lists/${id}`)).status).toBe(200);
    expect((await api.call('GET', `/api/v1/access-lists/${id}`)).status).toBe(404);
  });

  it('checks passwords against the stored hash, never returns it, and keeps it when a user is resent without one', async () => {
    const created = await api.call('POST', '/api/v1/access-lists', { name: 'staff', realm: 'Staff only', users: [{ username: 'ann', password: 'ann-secret' }, { username: 'bob', password: 'bob-secret' }] });
    expect(created.status).toBe(201);
    const id = created.json.accessList.id;
    const text = JSON.stringify([created.json, (await api.call('GET', '/api/v1/access-lists')).json, (await api.call('GET', `/api/v1/access-lists/${id}`)).json]);
    expect(text).not.toMatch(/ann-secret|passwordHash|\$2[aby]\$/);
    expect(created.json.accessList.users).toEqual([{ username: 'ann' }, { username: 'bob' }]);
    await hostWithList('auth.acl.test', id);

    const challenged = await get('auth.acl.test');
    expect(challenged.status).toBe(401);
    expect(challenged.headers['www-authenticate']).toBe('Basic realm="Staff only"');
    expect((await get('auth.acl.test', '127.0.0.1', { authorization: basic('ann', 'wrong') })).status).toBe(401);
    expect((await get('auth.acl.test', '127.0.0.1', { authorization: basic('ann', 'ann-secret') })).status).toBe(200);

    // Resent without a password: ann keeps hers; bob is dropped; carl is new.
    const put = await api.call('PUT', `/api/v1/access-lists/${id}`, { name: 'staff', realm: 'Staff only', users: [{ username: 'ann' }, { username: 'carl', password: 'carl-secret' }] });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect((await get('auth.acl.test', '127.0.0.1', { authorization: basic('ann', 'ann-secret') })).status).toBe(200);
    expect((await get('auth.acl.test', '127.0.0.1', { authorization: basic('bob', 'bob-secret') })).status).toBe(401);
    expect((await get('auth.acl.test', '127.0.0.1', { authorization: basic('carl', 'carl-secret') })).status).toBe(200);

    // satisfy any: an allowed address needs no password, another still does.
    await api.call('PATCH', `/api/v1/access-lists/${id}`, { satisfy: 'any', rules: [{ action: 'allow', source: '127.0.0.5' }, { action: 'deny', source: 'all' }] });
    expect((await get('auth.acl.test', '127.0.0.5')).status).toBe(200);
    expect((await get('auth.acl.test', '127.0.0.6')).status).toBe(401);
    expect((await get('auth.acl.test', '127.0.0.6', { authorization: basic('carl', 'carl-secret') })).status).toBe(200);

    const audit = await api.call('GET', `/api/v1/audit?objectType=access_list&objectId=${id}`);
    expect(audit.json.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['access_list.create', 'access_list.update']));
    expect(JSON.stringify(audit.json)).not.toMatch(/ann-secret|carl-secret|\$2[aby]\$/);
  });

  it('puts the list before the inline rules, as if its directives were written first', async () => {
    const list = await api.call('POST', '/api/v1/access-lists', { name: 'first', rules: [{ action: 'allow', source: '127.0.0.7' }] });
    await hostWithList('inline.acl.test', list.json.accessList.id, { rules: [{ action: 'deny', source: '127.0.0.0/8' }] });
    expect((await get('inline.acl.test', '127.0.0.7')).status).toBe(200);
    expect((await get('inline.acl.test', '127.0.0.8')).status).toBe(403);
  });

  const invalid = [
    { desc: 'a bad CIDR', body: { name: 'x1', rules: [{ action: 'allow', source: '10.0.0.0/33' }] }, path: 'rules.0.source' },
    { desc: 'an empty name', body: { name: ' ' }, path: 'name' },
    { desc: 'an empty user name', body: { name: 'x2', users: [{ username: '', password: 'p' }] }, path: 'users.0.username' },
    { desc: 'a user name twice', body: { name: 'x3', users: [{ username: 'u', password: 'p' }, { username: 'u', password: 'q' }] }, path: 'users.1.username' },
    { desc: 'a new user without a password', body: { name: 'x4', users: [{ username: 'u' }] }, path: 'users.0.password' },
    { desc: 'satisfy neither all nor any', body: { name: 'x5', satisfy: 'some' }, path: 'satisfy' },
  ];
  for (const { desc, body, path } of invalid) {
    it(`refuses ${desc} with 422 at ${path}`, async () => {
      const res = await api.call('POST', '/api/v1/access-lists', body);
      expect(res.status).toBe(422);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    });
  }

  it('refuses a duplicate name and a host naming a list that does not exist, with their paths', async () => {
    expect((await api.call('POST', '/api/v1/access-lists', { name: 'dup' })).status).toBe(201);
    const dup = await api.call('POST', '/api/v1/access-lists', { name: 'dup' });
    expect(dup.status).toBe(422);
    expect(dup.json.error.details).toEqual([expect.objectContaining({ path: 'name' })]);
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['nolist.acl.test'], locations: [{ path: '/', action: { kind: 'proxy', address: `127.0.0.1:${upstreamPort}` }, policies: { access: { listId: 'no-such-list' } } }] });
    expect(host.status).toBe(422);
    expect(host.json.error.details.map((d: { path: string }) => d.path)).toContain('locations.0.policies.access.listId');
  });

  it('lets a viewer read lists and not write them', async () => {
    const viewer = { email: 'acl-viewer@example.com', password: 'a-viewer-password' };
    expect((await api.call('POST', '/api/v1/users', { ...viewer, role: 'VIEWER' })).status).toBe(201);
    const asViewer = await signIn(portico.dashboard, viewer);
    expect((await asViewer.call('GET', '/api/v1/access-lists')).status).toBe(200);
    expect((await asViewer.call('POST', '/api/v1/access-lists', { name: 'nope' })).status).toBe(403);
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = (await api.call('GET', '/api/v1/openapi.json')).json;
    expect(Object.keys(doc.paths['/api/v1/access-lists']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/v1/access-lists/{id}']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
  });
});
