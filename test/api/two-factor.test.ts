// Two-factor sign-in at the API, on a real Portico: enrolment (not active until a first
// code confirms it), sign-in refused without the code and with a wrong or replayed one,
// recovery codes that work once, throttling that counts wrong codes, turning it off, and
// an administrator's "require two factors" that confines a session to enrolment.
// Each scenario signs in from its own address (X-Forwarded-For from a trusted proxy), so
// the per-address throttle of one does not reach another.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../app/_lib/auth/totp.ts';
import { ADMIN, signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';

let portico: Portico;
let admin: ApiClient;

beforeAll(async () => {
  portico = await startPortico({ PORTICO_TRUSTED_PROXIES: '127.0.0.1' });
  admin = await signIn(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await portico?.stop();
});

interface Login {
  email: string;
  password: string;
  code?: string;
}

async function login(body: Login, from: string) {
  const res = await fetch(`${portico.dashboard}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code: string; message: string } };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { status: res.status, code: json.error?.code, cookie };
}

function client(cookie: string): ApiClient {
  return {
    cookie,
    async call(method, pathname, body, headers = {}) {
      const r = await fetch(`${portico.dashboard}${pathname}`, {
        method,
        redirect: 'manual',
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, json: text && text.startsWith('{') ? JSON.parse(text) : null };
    },
  };
}

/** A code for a step the account has not used yet: the next one (the window allows it). */
const nextCode = (secret: string, stepsAhead = 1) => totpCode(secret, Date.now() + stepsAhead * 30_000);
/** The administrator's newest accepted code (computing "the next code" again later can land on a new 30-second step). */
let acceptedCode = '';

async function enrol(user: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await user.call('POST', '/api/v1/users/me/totp');
  expect(started.status).toBe(200);
  const { secret } = started.json as { secret: string };
  const confirmed = await user.call('POST', '/api/v1/users/me/totp/confirm', { code: totpCode(secret, Date.now()) });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.json.recoveryCodes };
}

async function auditActions(userId: string): Promise<string[]> {
  const { json } = await admin.call('GET', `/api/v1/audit?objectType=user&objectId=${userId}&limit=200`);
  return (json.events as { action: string }[]).map((e) => e.action);
}

describe('two-factor sign-in', () => {
  let secret = '';
  let recoveryCodes: string[] = [];
  const from = '192.0.2.10';

  it('enrols: a secret and its otpauth URI, not active until a current code confirms it', async () => {
    const started = await admin.call('POST', '/api/v1/users/me/totp');
    expect(started.status).toBe(200);
    secret = started.json.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.json.otpauthUri);
    expect([uri.protocol, uri.host, uri.searchParams.get('secret'), uri.searchParams.get('issuer')]).toEqual(['otpauth:', 'totp', secret, 'Portico']);
    expect((await login(ADMIN, from)).status).toBe(200);

    const wrong = await admin.call('POST', '/api/v1/users/me/totp/confirm', { code: totpCode(secret, Date.now() + 5 * 60_000) });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.details[0].path).toBe('code');
    const confirmed = await admin.call('POST', '/api/v1/users/me/totp/confirm', { code: totpCode(secret, Date.now()) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = confirmed.json.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
    expect((await admin.call('POST', '/api/v1/users/me/totp')).status).toBe(409);
    expect((await admin.call('GET', '/api/v1/users/me/totp')).json).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
  });

  it('refuses sign-in without the code, or with a wrong one, and accepts a code computed from the secret', async () => {
    expect(await login(ADMIN, from)).toMatchObject({ status: 401, code: 'second_factor_required', cookie: '' });
    const wrongCode = String((Number(nextCode(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect(await login({ ...ADMIN, code: wrongCode }, from)).toMatchObject({ status: 401, code: 'second_factor_invalid', cookie: '' });
    expect(await login({ ...ADMIN, password: 'not-the-password', code: nextCode(secret) }, from)).toMatchObject({ status: 401, code: 'unauthorized' });

    const code = nextCode(secret);
    // Typed as the app shows it, in two groups.
    const ok = await login({ ...ADMIN, code: `${code.slice(0, 3)} ${code.slice(3)}` }, from);
    expect(ok.status).toBe(200);
    acceptedCode = code;
    expect((await client(ok.cookie).call('GET', '/api/v1/session')).json.user.email).toBe(ADMIN.email);
    // A code is never accepted twice, nor an older one after it.
    expect(await login({ ...ADMIN, code }, from)).toMatchObject({ status: 401, code: 'second_factor_invalid' });
    expect(await login({ ...ADMIN, code: totpCode(secret, Date.now()) }, from)).toMatchObject({ status: 401, code: 'second_factor_invalid' });
  });

  it('accepts each recovery code once, however it is typed', async () => {
    const from2 = '192.0.2.11';
    expect((await login({ ...ADMIN, code: recoveryCodes[0] }, from2)).status).toBe(200);
    expect(await login({ ...ADMIN, code: recoveryCodes[0] }, from2)).toMatchObject({ status: 401, code: 'second_factor_invalid' });
    expect((await login({ ...ADMIN, code: recoveryCodes[1]!.toLowerCase().replace('-', ' ') }, from2)).status).toBe(200);
    expect((await admin.call('GET', '/api/v1/users/me/totp')).json.recoveryCodesLeft).toBe(8);
    const self = (await admin.call('GET', '/api/v1/session')).json.user.id as string;
    const actions = await auditActions(self);
    expect(actions).toContain('user.totp.enable');
    expect(actions.filter((a) => a === 'user.recovery_code.used')).toHaveLength(2);
    const { json } = await admin.call('GET', `/api/v1/audit?objectType=user&objectId=${self}&limit=200`);
    expect(JSON.stringify(json)).not.toContain(secret);
    expect(JSON.stringify(json)).not.toContain(recoveryCodes[2]);
  });

  it('counts wrong codes in the sign-in throttle, as wrong passwords are', async () => {
    const user = { email: 'throttled@example.com', password: 'a-throttled-password' };
    expect((await admin.call('POST', '/api/v1/users', { ...user, role: 'EDITOR' })).status).toBe(201);
    const { secret: theirs } = await enrol(client((await login(user, '192.0.2.20')).cookie));
    const from3 = '192.0.2.21';
    const wrong = String((Number(nextCode(theirs)) + 500_000) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i++) expect((await login({ ...user, code: wrong }, from3)).code).toBe('second_factor_invalid');
    // Locked now: even the right code is refused from this address, without being evaluated.
    expect(await login({ ...user, code: nextCode(theirs) }, from3)).toMatchObject({ status: 429, code: 'too_many_requests' });
    // Another address is not locked out.
    expect((await login({ ...user, code: nextCode(theirs) }, '192.0.2.22')).status).toBe(200);
  });

  it('shows who has two factors, and lets only an administrator turn off someone else\'s', async () => {
    const users = (await admin.call('GET', '/api/v1/users')).json.users as { id: string; email: string; twoFactor: boolean; singleSignOn: boolean }[];
    expect(users.map((u) => [u.email, u.twoFactor, u.singleSignOn])).toEqual([
      [ADMIN.email, true, false],
      ['throttled@example.com', true, false],
    ]);
    expect((await login({ email: 'throttled@example.com', password: 'a-throttled-password' }, '192.0.2.23')).code).toBe('second_factor_required');
    const self = users[0]!;
    const other = users[1]!;
    expect((await fetch(`${portico.dashboard}/api/v1/users/${self.id}/totp`, { method: 'DELETE' })).status).toBe(401);
    expect((await admin.call('DELETE', `/api/v1/users/${other.id}/totp`)).status).toBe(204);
    expect((await login({ email: 'throttled@example.com', password: 'a-throttled-password' }, '192.0.2.24')).status).toBe(200);
    expect(await auditActions(other.id)).toContain('user.totp.reset');
    expect((await admin.call('DELETE', '/api/v1/users/no-such-user/totp')).status).toBe(404);
  });

  it('turns two factors off only with a code it has not accepted before (a recovery code does)', async () => {
    const from4 = '192.0.2.30';
    // The newest step's code was accepted at sign-in: sending it again is a replay.
    const replayed = await admin.call('DELETE', '/api/v1/users/me/totp', { code: acceptedCode });
    expect(replayed.status).toBe(422);
    expect(replayed.json.error.details[0].path).toBe('code');
    expect((await admin.call('DELETE', '/api/v1/users/me/totp', { code: recoveryCodes[2] })).status).toBe(204);
    expect((await login(ADMIN, from4)).status).toBe(200);
    expect((await admin.call('GET', '/api/v1/users/me/totp')).json).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    const self = (await admin.call('GET', '/api/v1/session')).json.user.id as string;
    expect(await auditActions(self)).toContain('user.totp.disable');
  });
});

describe('two factors required by an administrator', () => {
  const viewer = { email: 'viewer@example.com', password: 'a-viewer-password' };
  const settings = { requireTwoFactor: true, localSignIn: true, oidc: null };

  afterAll(async () => {
    await admin.call('PUT', '/api/v1/auth/settings', { ...settings, requireTwoFactor: false });
  });

  it('lets a user without a second factor do nothing but enrol, then everything their role allows', async () => {
    expect((await admin.call('POST', '/api/v1/users', { ...viewer, role: 'VIEWER' })).status).toBe(201);
    // The administrator too would be confined to enrolment without one.
    await enrol(admin);
    const saved = await admin.call('PUT', '/api/v1/auth/settings', settings);
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ requireTwoFactor: true, localSignIn: true, oidc: null });

    const signedIn = await login(viewer, '192.0.2.40');
    expect(signedIn.status).toBe(200);
    const session = client(signedIn.cookie);
    expect((await session.call('GET', '/api/v1/session')).json).toMatchObject({ enrolmentRequired: true, twoFactor: false });
    const refused = await session.call('GET', '/api/v1/hosts');
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('second_factor_enrolment_required');
    expect((await session.call('GET', '/api/v1/tokens')).status).toBe(403);
    // The dashboard's pages send it to enrol.
    const page = await fetch(`${portico.dashboard}/hosts`, { headers: { cookie: signedIn.cookie }, redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get('location')!, portico.dashboard).pathname).toBe('/two-factor-setup');

    await enrol(session);
    expect((await session.call('GET', '/api/v1/session')).json).toMatchObject({ enrolmentRequired: false, twoFactor: true });
    expect((await session.call('GET', '/api/v1/hosts')).status).toBe(200);
  });

  it('leaves API tokens alone (they are not sessions); a confined session cannot change the setting', async () => {
    const editor = await login({ email: 'throttled@example.com', password: 'a-throttled-password' }, '192.0.2.41');
    // Their second factor was reset above: signed in, but confined to enrolment.
    expect(editor.status).toBe(200);
    const confined = client(editor.cookie);
    expect((await confined.call('PUT', '/api/v1/auth/settings', { requireTwoFactor: false, localSignIn: true, oidc: null })).json.error.code).toBe('second_factor_enrolment_required');
    const viewerSession = await login(viewer, '192.0.2.42');
    expect(viewerSession.code).toBe('second_factor_required');
    const token = await admin.call('POST', '/api/v1/tokens', { name: 'ci', scope: 'READ' });
    expect(token.status).toBe(201);
    const withToken = await fetch(`${portico.dashboard}/api/v1/hosts`, { headers: { authorization: `Bearer ${token.json.token}` } });
    expect(withToken.status).toBe(200);
  });
});
