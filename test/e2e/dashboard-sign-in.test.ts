// Two factors and single sign-on in Chromium: setting up an authenticator on the account
// page (QR code, recovery codes shown once), the login page asking for the code, and
// signing in end to end through a real OpenID provider started by the test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../app/_lib/auth/totp.ts';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { startOidcProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { openDashboardBrowser, shoot, signInThroughForm } from './dashboard-helpers.ts';

let portico: Portico;
let provider: TestProvider;
let api: ApiClient;
const sessions: BrowserSession[] = [];

const editor = { email: 'editor@example.com', password: 'an-editor-password' };

async function browser(): Promise<BrowserSession> {
  const session = await openDashboardBrowser();
  sessions.push(session);
  return session;
}

/** Problems of the dashboard's own pages (the provider's pages ask for web fonts this machine cannot reach). */
const dashboardProblems = (session: BrowserSession) => session.problems.filter((p) => !p.includes('fonts.googleapis.com') && !p.includes(provider.issuer));

beforeAll(async () => {
  portico = await startPortico();
  provider = await startOidcProvider(`${portico.dashboard}/api/v1/auth/oidc/callback`, {
    alice: { email: 'alice@example.test', email_verified: true, name: 'Alice', groups: ['portico-editors'] },
  });
  api = await signIn(portico.dashboard);
  expect((await api.call('POST', '/api/v1/users', { ...editor, role: 'EDITOR' })).status).toBe(201);
}, 180_000);

afterAll(async () => {
  for (const session of sessions) await session.close();
  await provider?.close();
  await portico?.stop();
});

describe('two-factor sign-in in the browser', () => {
  let secret = '';
  let recoveryCodes: string[] = [];

  it('sets up an authenticator on the account page: a QR code, a first code, recovery codes shown once', async () => {
    const { page, ...session } = await browser();
    await signInThroughForm(page, portico.dashboard, editor);
    await page.goto(`${portico.dashboard}/settings/account`);
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const qr = page.getByRole('img', { name: 'QR code of the authenticator secret' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    secret = (await visibleText(page.getByTestId('totp-secret'))).replace(/Copy$/, '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shoot(page, 'two-factor-setup-light-desktop');
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const list = page.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText('9 recovery codes left').or(page.getByText('10 recovery codes left')).waitFor();
    expect(dashboardProblems({ page, ...session })).toEqual([]);
  }, 90_000);

  it('asks for the code after the password, and refuses a wrong one at the field', async () => {
    const { page, ...session } = await browser();
    await page.goto(`${portico.dashboard}/login`);
    await page.getByLabel('Email').fill(editor.email);
    await page.getByLabel('Password').fill(editor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Code');
    await code.waitFor();
    await code.fill('ZZZZZ-ZZZZZ');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('that code is not valid').waitFor();
    await shoot(page, 'sign-in-code-light-desktop');
    await code.fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${portico.dashboard}/`);
    expect(dashboardProblems({ page, ...session }).filter((p) => !p.includes('401'))).toEqual([]);
  }, 90_000);
});

describe('single sign-on in the browser', () => {
  it('configures the provider on Settings → Sign-in', async () => {
    const { page } = await browser();
    await signInThroughForm(page, portico.dashboard);
    await page.goto(`${portico.dashboard}/settings/sign-in`);
    await page.getByRole('switch', { name: 'Sign in with an OpenID provider' }).click();
    await page.getByLabel('Name on the login page').fill('Test IdP');
    await page.getByLabel('Issuer URL').fill(provider.issuer);
    await page.getByLabel('Client ID').fill(provider.clientId);
    await page.getByLabel('Client secret').fill(provider.clientSecret);
    await page.getByLabel('Role claim').fill('groups');
    await page.getByLabel('Claim values for editor').fill('portico-editors');
    await page.getByRole('switch', { name: 'Create users at their first sign-in' }).click();
    await page.getByText(`${portico.dashboard}/api/v1/auth/oidc/callback`).waitFor();
    await page.getByRole('button', { name: 'Save sign-in settings' }).click();
    await page.getByText('The login page uses these settings now.').waitFor();
    await shoot(page, 'sign-in-settings-light-desktop');
    const saved = (await api.call('GET', '/api/v1/auth/settings')).json;
    expect(saved.oidc).toMatchObject({ displayName: 'Test IdP', issuer: provider.issuer, hasClientSecret: true, roleValues: { EDITOR: ['portico-editors'] }, createUsers: true });
  }, 90_000);

  it('signs in with the provider end to end', async () => {
    const { page } = await browser();
    // The provider's pages ask for web fonts this machine cannot reach: only the
    // dashboard's own errors count here, told apart by the URL they come from.
    const dashboardErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.location().url.startsWith(portico.dashboard)) dashboardErrors.push(`${message.location().url}: ${message.text()}`);
    });
    page.on('pageerror', (error) => dashboardErrors.push(`page error: ${error.message}`));
    await page.goto(`${portico.dashboard}/login?next=/settings/account`);
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    // The provider's own login form, then its consent screen.
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill('alice');
    await page.locator('input[name="password"]').fill('any-password');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${portico.dashboard}/settings/account`);
    await page.getByText('alice@example.test').first().waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
    expect(me).toMatchObject({ user: { email: 'alice@example.test', role: 'EDITOR' }, signInMethod: 'oidc' });
    await shoot(page, 'signed-in-through-sso-light-desktop');
    expect(dashboardErrors).toEqual([]);
  }, 90_000);
});

describe('two factors required by an administrator, in the browser', () => {
  it('sends a user without one to set it up, and on to the dashboard once they have', async () => {
    const viewer = { email: 'viewer@example.com', password: 'a-viewer-password' };
    expect((await api.call('POST', '/api/v1/users', { ...viewer, role: 'VIEWER' })).status).toBe(201);
    // The last step of this file: from here the administrator's own password session is confined too.
    expect((await api.call('PUT', '/api/v1/auth/settings', { requireTwoFactor: true, localSignIn: true, oidc: null })).status).toBe(200);
    const { page, ...session } = await browser();
    await page.goto(`${portico.dashboard}/login`);
    await page.getByLabel('Email').fill(viewer.email);
    await page.getByLabel('Password').fill(viewer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portico.dashboard}/two-factor-setup`);
    await page.getByText('Required by your administrator').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${portico.dashboard}/hosts`);
    await page.waitForURL(`${portico.dashboard}/two-factor-setup`);
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await visibleText(page.getByTestId('totp-secret'))).replace(/Copy$/, '').trim();
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.waitForURL(`${portico.dashboard}/`);
    await page.goto(`${portico.dashboard}/hosts`);
    await page.waitForURL(`${portico.dashboard}/hosts`);
    expect(dashboardProblems({ page, ...session })).toEqual([]);
  }, 90_000);
});
