// Single sign-on at the API, against a real OpenID provider started by the test: users
// created or matched by verified email, the role from a claim, refusals that reach the
// login page in words, the flow's state checked, the client secret never returned, and
// password sign-in turned off only when that cannot lock everyone out.
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThroughProvider, startOidcProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { ADMIN, signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';

let portico: Portico;
let provider: TestProvider;
let admin: ApiClient;

const ACCOUNTS = {
  alice: { email: 'alice@example.test', email_verified: true, name: 'Alice', groups: ['staff', 'portico-admins'] },
  olga: { email: 'olga@example.test', email_verified: true, groups: ['ops'] },
  bob: { email: 'bob@example.test', email_verified: true, groups: ['sales'] },
  // Claims the administrator's address without the provider vouching for it.
  mallory: { email: ADMIN.email, email_verified: false, groups: ['portico-admins'] },
  // The administrator's own account at the provider.
  root: { email: ADMIN.email, email_verified: true, groups: ['portico-admins'] },
};

const settings = () => ({
  requireTwoFactor: false,
  localSignIn: true,
  oidc: {
    displayName: 'Test IdP',
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    roleClaim: 'groups',
    roleValues: { ADMIN: ['portico-admins'], EDITOR: ['ops'], VIEWER: [] },
    defaultRole: null,
    createUsers: true,
  },
});

beforeAll(async () => {
  portico = await startPortico({ PORTICO_TRUSTED_PROXIES: '127.0.0.1' });
  provider = await startOidcProvider(`${portico.dashboard}/api/v1/auth/oidc/callback`, ACCOUNTS);
  admin = await signIn(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await provider?.close();
  await portico?.stop();
});

async function session(cookie: string) {
  const res = await fetch(`${portico.dashboard}/api/v1/session`, { headers: { cookie } });
  return { status: res.status, json: (await res.json()) as { user: { id: string; email: string; role: string }; signInMethod?: string } };
}

/** The message the login page shows after a refused sign-in (it travels sealed in ?error=). */
async function loginError(location: string | null): Promise<string> {
  const url = new URL(location ?? '', portico.dashboard);
  expect(url.pathname).toBe('/login');
  expect(url.searchParams.get('error')).toMatch(/^enc:v1:/);
  const html = await (await fetch(url)).text();
  return html.match(/role="alert"[^>]*>([^<]*)</)?.[1]?.replace(/&#x27;/g, "'").replace(/&amp;/g, '&') ?? '';
}

describe('single sign-on configuration', () => {
  it('stores the provider with its client secret sealed and never returns the secret', async () => {
    const saved = await admin.call('PUT', '/api/v1/auth/settings', settings());
    expect(saved.status).toBe(200);
    expect(saved.json.oidc).toMatchObject({ displayName: 'Test IdP', hasClientSecret: true, redirectUri: `${portico.dashboard}/api/v1/auth/oidc/callback` });
    const read = await admin.call('GET', '/api/v1/auth/settings');
    expect(JSON.stringify(read.json)).not.toContain(provider.clientSecret);
    const audit = await admin.call('GET', '/api/v1/audit?action=settings.authentication');
    expect(audit.json.events).toHaveLength(1);
    expect(JSON.stringify(audit.json)).not.toContain(provider.clientSecret);
    const db = new Database(path.join(portico.dataDir, 'portico.db'), { readonly: true });
    try {
      const stored = db.prepare("SELECT value FROM Setting WHERE key = 'authentication'").get() as { value: string };
      expect(stored.value).toContain('enc:v1:');
      expect(stored.value).not.toContain(provider.clientSecret);
    } finally {
      db.close();
    }
    // Leaving the secret out keeps it.
    const { clientSecret: _, ...withoutSecret } = settings().oidc;
    expect((await admin.call('PUT', '/api/v1/auth/settings', { ...settings(), oidc: withoutSecret })).json.oidc.hasClientSecret).toBe(true);
  });

  it('tells the login page how one can sign in', async () => {
    const options = await (await fetch(`${portico.dashboard}/api/v1/auth/options`)).json();
    expect(options).toEqual({ localSignIn: true, oidc: { displayName: 'Test IdP' } });
  });

  it.each([
    { desc: 'an issuer that is not a URL', oidc: { issuer: 'not a url' }, path: 'oidc.issuer' },
    { desc: 'plain http to another machine', oidc: { issuer: 'http://idp.example.com' }, path: 'oidc.issuer' },
    { desc: 'an unknown role', oidc: { defaultRole: 'OWNER' }, path: 'oidc.defaultRole' },
    { desc: 'a misspelt field', oidc: { clientID: 'x' }, path: 'oidc' },
  ])('refuses $desc (422) and keeps the settings', async ({ oidc, path: field }) => {
    const res = await admin.call('PUT', '/api/v1/auth/settings', { ...settings(), oidc: { ...settings().oidc, ...oidc } });
    expect(res.status).toBe(422);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await admin.call('GET', '/api/v1/auth/settings')).json.oidc.issuer).toBe(provider.issuer);
  });

  it('refuses turning password sign-in off without a provider, or before the administrator has signed in through it', async () => {
    const none = await admin.call('PUT', '/api/v1/auth/settings', { requireTwoFactor: false, localSignIn: false, oidc: null });
    expect(none.status).toBe(422);
    expect(none.json.error.details[0].path).toBe('localSignIn');
    const notYet = await admin.call('PUT', '/api/v1/auth/settings', { ...settings(), localSignIn: false });
    expect(notYet.status).toBe(422);
    expect(notYet.json.error.message).toMatch(/signed in with Test IdP/);
    expect((await admin.call('GET', '/api/v1/auth/settings')).json.localSignIn).toBe(true);
  });
});

describe('signing in through the provider', () => {
  it('creates a user at the first sign-in, with the role its groups claim grants', async () => {
    const result = await signInThroughProvider(portico.dashboard, 'alice');
    expect(result.status).toBe(200);
    expect(result.body).toMatch(/http-equiv="refresh" content="0;url=\/"/);
    const me = await session(result.dashboardCookie);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { email: 'alice@example.test', role: 'ADMIN' }, signInMethod: 'oidc' });
    // The flow's cookie is spent.
    expect(result.jar.get(portico.dashboard, 'portico_oidc')).toBeUndefined();

    const olga = await signInThroughProvider(portico.dashboard, 'olga');
    expect((await session(olga.dashboardCookie)).json.user).toMatchObject({ email: 'olga@example.test', role: 'EDITOR' });
  });

  it('refuses, in words on the login page, a user whose claim maps to no role', async () => {
    const result = await signInThroughProvider(portico.dashboard, 'bob');
    expect(result.status).toBe(303);
    expect(await loginError(result.location)).toMatch(/no role in Portico/);
    expect(result.dashboardCookie).not.toMatch(/portico_session/);
    const users = (await admin.call('GET', '/api/v1/users')).json.users as { email: string }[];
    expect(users.map((u) => u.email)).not.toContain('bob@example.test');
  });

  it('never matches an existing user by an email the provider has not verified', async () => {
    const result = await signInThroughProvider(portico.dashboard, 'mallory');
    expect(await loginError(result.location)).toMatch(/does not say that admin@example.com is verified/);
    expect(result.dashboardCookie).not.toMatch(/portico_session/);
  });

  it('refuses a callback whose state does not match the flow, or without the flow', async () => {
    const forged = await signInThroughProvider(portico.dashboard, 'alice', (url) => {
      url.searchParams.set('state', 'forged-state');
      return url;
    });
    expect(await loginError(forged.location)).toMatch(/did not confirm the sign-in/);
    expect(forged.dashboardCookie).not.toMatch(/portico_session/);
    const bare = await fetch(`${portico.dashboard}/api/v1/auth/oidc/callback?code=x&state=y`, { redirect: 'manual' });
    expect(await loginError(bare.headers.get('location'))).toMatch(/took too long or was started in another browser/);
    // A crafted link cannot put words on the login page.
    const crafted = await (await fetch(`${portico.dashboard}/login?error=${encodeURIComponent('Your account is locked: call +1 555 0100')}`)).text();
    expect(crafted).not.toContain('call +1 555 0100');
  });

  it('links an existing user by verified email; then that administrator may turn password sign-in off', async () => {
    const before = await session(admin.cookie);
    const result = await signInThroughProvider(portico.dashboard, 'root');
    const me = await session(result.dashboardCookie);
    expect(me.json.user).toEqual(before.json.user);

    const off = await admin.call('PUT', '/api/v1/auth/settings', { ...settings(), localSignIn: false });
    expect(off.status).toBe(200);
    const password = await fetch(`${portico.dashboard}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.60' }, body: JSON.stringify(ADMIN) });
    expect(password.status).toBe(403);
    expect(((await password.json()) as { error: { message: string } }).error.message).toMatch(/sign in with Test IdP/);
    expect(await (await fetch(`${portico.dashboard}/api/v1/auth/options`)).json()).toEqual({ localSignIn: false, oidc: { displayName: 'Test IdP' } });
    // Removing the provider would leave nobody able to sign in: refused.
    expect((await admin.call('PUT', '/api/v1/auth/settings', { requireTwoFactor: false, localSignIn: false, oidc: null })).status).toBe(422);
    // Single sign-on still works, and turning password sign-in back on needs nothing.
    expect((await session((await signInThroughProvider(portico.dashboard, 'alice')).dashboardCookie)).status).toBe(200);
    expect((await admin.call('PUT', '/api/v1/auth/settings', settings())).status).toBe(200);
    expect((await fetch(`${portico.dashboard}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.61' }, body: JSON.stringify(ADMIN) })).status).toBe(200);
  });

  it('refuses unknown users when users are not created', async () => {
    expect((await admin.call('PUT', '/api/v1/auth/settings', { ...settings(), oidc: { ...settings().oidc, createUsers: false } })).status).toBe(200);
    const users = (await admin.call('GET', '/api/v1/users')).json.users as { email: string }[];
    await admin.call('DELETE', `/api/v1/users/${(users as { id: string; email: string }[]).find((u) => u.email === 'olga@example.test')!.id}`);
    const result = await signInThroughProvider(portico.dashboard, 'olga');
    expect(await loginError(result.location)).toMatch(/olga@example.test has no Portico account/);
  });
});
