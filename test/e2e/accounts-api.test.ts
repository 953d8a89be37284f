// The account routes the settings and audit pages use, at the API: users and roles (with
// the guards that keep an administrator), password changes and their session rotation,
// and the audit log's filters and cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';

let portico: Portico;
let admin: ApiClient;

beforeAll(async () => {
  portico = await startPortico();
  admin = await signIn(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await portico?.stop();
});

const me = async (client: ApiClient) => (await client.call('GET', '/api/v1/session')).json.user as { id: string; email: string; role: string };

describe('users', () => {
  it('creates users with a role, refusing weak passwords and duplicates', async () => {
    const weak = await admin.call('POST', '/api/v1/users', { email: 'weak@example.com', password: 'short', role: 'EDITOR' });
    expect(weak.status).toBe(422);
    expect(weak.json.error.details).toEqual([{ path: 'password', message: expect.stringContaining('at least 10') }]);

    const created = await admin.call('POST', '/api/v1/users', { email: 'Editor@Example.com', password: 'an-editor-password', role: 'EDITOR' });
    expect(created.status).toBe(201);
    expect(created.json.user).toMatchObject({ email: 'editor@example.com', role: 'EDITOR', lastSeenAt: null });
    expect(JSON.stringify(created.json)).not.toContain('passwordHash');

    const again = await admin.call('POST', '/api/v1/users', { email: 'editor@example.com', password: 'another-password', role: 'VIEWER' });
    expect(again.status).toBe(409);

    const list = (await admin.call('GET', '/api/v1/users')).json.users as { email: string; role: string; lastSeenAt: string | null }[];
    expect(list.map((u) => [u.email, u.role])).toEqual([
      [ADMIN.email, 'ADMIN'],
      ['editor@example.com', 'EDITOR'],
    ]);
    expect(list[0]!.lastSeenAt).not.toBeNull();
  });

  it('lets only administrators manage users and read the audit log', async () => {
    const editor = await signIn(portico.dashboard, { email: 'editor@example.com', password: 'an-editor-password' });
    expect((await editor.call('GET', '/api/v1/users')).status).toBe(403);
    expect((await editor.call('POST', '/api/v1/users', { email: 'x@example.com', password: 'a-long-password', role: 'ADMIN' })).status).toBe(403);
    expect((await editor.call('GET', '/api/v1/audit')).status).toBe(403);
    const anonymous = await fetch(`${portico.dashboard}/api/v1/users`);
    expect(anonymous.status).toBe(401);
  });

  it('keeps the last administrator and refuses deleting yourself', async () => {
    const self = await me(admin);
    expect((await admin.call('PATCH', `/api/v1/users/${self.id}`, { role: 'VIEWER' })).status).toBe(409);
    expect((await admin.call('DELETE', `/api/v1/users/${self.id}`)).status).toBe(409);
    expect((await admin.call('PATCH', `/api/v1/users/${self.id}`, { role: 'SUPERUSER' })).status).toBe(422);

    const users = (await admin.call('GET', '/api/v1/users')).json.users as { id: string; email: string }[];
    const editorId = users.find((u) => u.email === 'editor@example.com')!.id;
    const promoted = await admin.call('PATCH', `/api/v1/users/${editorId}`, { role: 'ADMIN' });
    expect(promoted.json.user.role).toBe('ADMIN');
    // With a second administrator, the first may step down.
    expect((await admin.call('PATCH', `/api/v1/users/${self.id}`, { role: 'EDITOR' })).status).toBe(200);
    expect((await admin.call('GET', '/api/v1/users')).status).toBe(403);

    const editorAdmin = await signIn(portico.dashboard, { email: 'editor@example.com', password: 'an-editor-password' });
    expect((await editorAdmin.call('PATCH', `/api/v1/users/${self.id}`, { role: 'ADMIN' })).status).toBe(200);
    expect((await editorAdmin.call('DELETE', `/api/v1/users/${editorId}`)).status).toBe(409);
    expect((await admin.call('DELETE', `/api/v1/users/${editorId}`)).status).toBe(204);
    expect((await editorAdmin.call('GET', '/api/v1/session')).status).toBe(401);
  });
});

describe('password', () => {
  it('checks the current password and the policy, then rotates the sessions', async () => {
    const other = await signIn(portico.dashboard);
    const wrong = await admin.call('POST', '/api/v1/users/me/password', { currentPassword: 'nope-nope-nope', newPassword: 'a-new-password-1' });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.details).toEqual([{ path: 'currentPassword', message: 'is not your current password' }]);
    const weak = await admin.call('POST', '/api/v1/users/me/password', { currentPassword: ADMIN.password, newPassword: 'aaaaaaaaaaaa' });
    expect(weak.json.error.details).toEqual([{ path: 'newPassword', message: expect.stringContaining('single character') }]);

    const res = await fetch(`${portico.dashboard}/api/v1/users/me/password`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: ADMIN.password, newPassword: 'a-new-password-1' }),
    });
    expect(res.status).toBe(200);
    const fresh = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(fresh).toMatch(/^portico_session=/);
    expect(fresh).not.toBe(admin.cookie);
    // Every earlier session ends, this request's included; the fresh cookie works.
    expect((await admin.call('GET', '/api/v1/session')).status).toBe(401);
    expect((await other.call('GET', '/api/v1/session')).status).toBe(401);
    expect((await fetch(`${portico.dashboard}/api/v1/session`, { headers: { cookie: fresh } })).status).toBe(200);
    admin = await signIn(portico.dashboard, { email: ADMIN.email, password: 'a-new-password-1' });
  });
});

describe('audit log', () => {
  it('filters by object and pages backwards with a cursor, secrets redacted', async () => {
    for (const name of ['one', 'two', 'three']) {
      await admin.call('POST', '/api/v1/pools', { name, servers: [{ address: '127.0.0.1:9' }], tls: { caPem: 'not really a CA' } });
    }
    const all = await admin.call('GET', '/api/v1/audit?objectType=pool&limit=2');
    expect(all.status).toBe(200);
    expect(all.json.events.map((e: { action: string }) => e.action)).toEqual(['pool.create', 'pool.create']);
    expect(all.json.events[0].after.name).toBe('three');
    expect(all.json.events[0].after.tls.caPem).toBe('[redacted]');
    expect(all.json.nextBefore).toBe(all.json.events[1].id);

    const older = await admin.call('GET', `/api/v1/audit?objectType=pool&limit=2&before=${all.json.nextBefore}`);
    expect(older.json.events.map((e: { after: { name: string } }) => e.after.name)).toEqual(['one']);
    expect(older.json.nextBefore).toBeNull();

    const one = await admin.call('GET', `/api/v1/audit?objectId=${older.json.events[0].objectId}`);
    expect(one.json.events).toHaveLength(1);

    expect((await admin.call('GET', '/api/v1/audit?limit=0')).status).toBe(422);
    expect((await admin.call('GET', '/api/v1/audit?before=nope')).status).toBe(404);
    const passwordEvents = await admin.call('GET', '/api/v1/audit?objectType=user&limit=200');
    expect(JSON.stringify(passwordEvents.json)).not.toMatch(/a-new-password-1|argon2/);
  });
});
