// Settings and the audit log in a real browser: API tokens (the secret shown once),
// users and roles, changing the password, what changed field by field, and what a
// viewer may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, visibleText, type BrowserSession } from '../helpers/browser.ts';
import { ADMIN, signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { expectOnlyProblems, openDashboardBrowser, seedConfiguration, shoot, signInThroughForm } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
const ids: { pool?: string; host?: string } = {};

beforeAll(async () => {
  portico = await startPortico();
  api = await signIn(portico.dashboard);
  Object.assign(ids, await seedConfiguration(api, ['127.0.0.1:9']));
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await portico?.stop();
});

describe('settings and audit log', () => {
  it('creates an API token, shows its secret once, and revokes it', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/tokens`);
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByLabel('Name').fill('ci');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = (await visibleText(page.getByLabel('The new API token'))).trim();
    expect(secret).toMatch(/^pt_/);
    await shoot(page, 'token-created-light-desktop');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: /^ci/ }).waitFor();
    const withToken = (token: string) => fetch(`${portico.dashboard}/api/v1/hosts`, { headers: { authorization: `Bearer ${token}` } });
    expect((await withToken(secret)).status).toBe(200);
    await page.reload();
    await page.getByRole('cell', { name: 'just now' }).first().waitFor();

    await page.getByRole('button', { name: 'Revoke ci' }).click();
    await page.getByRole('dialog', { name: 'Revoke ci?' }).getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('Revoked').waitFor();
    expect((await withToken(secret)).status).toBe(401);
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('adds a user, changes their role, and deletes them', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/users`);
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Email').fill('editor@example.com');
    await dialog.getByLabel('Role').selectOption('EDITOR');
    await dialog.getByLabel('Initial password').fill('short');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    expect(await visibleText(dialog.getByRole('alert'))).toContain('at least 10 characters');
    await dialog.getByLabel('Initial password').fill('an-editor-password');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('row', { name: /editor@example\.com/ }).waitFor();

    await page.getByLabel('Role of editor@example.com').selectOption('VIEWER');
    await page.getByText('Saved').waitFor();
    const users = (await api.call('GET', '/api/v1/users')).json.users as { email: string; role: string }[];
    expect(users.find((u) => u.email === 'editor@example.com')?.role).toBe('VIEWER');

    await page.getByRole('button', { name: 'Delete editor@example.com' }).click();
    await page.getByRole('dialog', { name: 'Delete editor@example.com?' }).getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('row', { name: /editor@example\.com/ }).waitFor({ state: 'detached' });
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('changes the password: other sessions end, this browser stays signed in', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/account`);
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('Confirm new password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await visibleText(page.getByRole('alert').filter({ hasText: 'current password' }))).toContain('is not your current password');
    expectOnlyProblems(session, /status of 422/);

    await page.getByLabel('Current password').fill(ADMIN.password);
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('Confirm new password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    expect((await api.call('GET', '/api/v1/session')).status).toBe(401);
    api = await signIn(portico.dashboard, { email: ADMIN.email, password: 'a-brand-new-password' });
    await page.goto(`${portico.dashboard}/hosts`);
    await page.getByRole('link', { name: 'shop.test' }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('lists what changed in the audit log, field by field', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/audit?objectType=host&objectId=${ids.host}`);
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    expect(await page.getByText('Changed host shop.test').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Details: Changed host shop.test' }).first().click();
    await page.getByRole('table', { name: /Fields changed/ }).getByText('locations.1.path').waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('shows a viewer the configuration read-only, without admin pages', async () => {
    await api.call('POST', '/api/v1/users', { email: 'viewer@example.com', password: 'a-viewer-password', role: 'VIEWER' });
    const viewer = await openBrowser();
    try {
      await signInThroughForm(viewer.page, portico.dashboard, { email: 'viewer@example.com', password: 'a-viewer-password' });
      const nav = viewer.page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
      await viewer.page.goto(`${portico.dashboard}/hosts`);
      await viewer.page.getByRole('link', { name: 'shop.test' }).click();
      await viewer.page.getByText('changing it needs the editor or admin role').waitFor();
      expect(await viewer.page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
      await viewer.page.getByRole('button', { name: /^\/\s/ }).first().click();
      expect(await viewer.page.locator('#host-locations-0-path').isDisabled()).toBe(true);
      await viewer.page.goto(`${portico.dashboard}/hosts`);
      await viewer.page.getByRole('heading', { name: 'Hosts' }).waitFor();
      expect(await viewer.page.getByRole('link', { name: 'New host' }).count()).toBe(0);
      expect(viewer.problems).toEqual([]);
    } finally {
      await viewer.close();
    }
  }, 60_000);

});
