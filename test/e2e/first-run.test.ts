// A new user's first minutes, in a real browser: the setup page with the one-time token
// from the log, then signing in and seeing hosts created through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, visibleText, type BrowserSession } from '../helpers/browser.ts';
import { signIn, startPortico, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';

let portico: Portico;
let session: BrowserSession;

beforeAll(async () => {
  // No admin in the environment: the first visit runs the setup flow.
  portico = await startPortico({ PORTICO_ADMIN_EMAIL: '', PORTICO_ADMIN_PASSWORD: '' });
  session = await openBrowser();
});
afterAll(async () => {
  await session?.close();
  await portico?.stop();
});

describe('first run', () => {
  it('sets up the administrator with the one-time token from the log', async () => {
    const { page } = session;
    const token = await waitFor('the setup token in the log', async () => /one-time token: ([\w-]+)/.exec(portico.logs.join(''))?.[1], 10000);
    await page.goto(`${portico.dashboard}/`);
    await page.waitForURL('**/setup');
    await screenshot(page, 'setup');
    // A short password that is also mistyped: both problems are said, the length first.
    await page.getByLabel('Setup token').fill(token);
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Confirm password').fill('shirt');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    const problems = await page.locator('form').getByRole('alert').allTextContents();
    expect(problems).toEqual(['The password must be at least 10 characters (this one has 5).', 'The passwords do not match.']);
    await screenshot(page, 'setup-problems');
    await page.getByLabel('Setup token').fill('wrong-token');
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password', { exact: true }).fill('a-long-enough-password');
    await page.getByLabel('Confirm password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    expect(await visibleText(page.locator('form').getByRole('alert'))).toContain('setup token is wrong');
    session.problems.length = 0; // the 403 above is expected and shows in the console

    await page.getByLabel('Setup token').fill(token);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL(`${portico.dashboard}/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  it('signs in and lists hosts created through the API', async () => {
    const api = await signIn(portico.dashboard, { email: 'owner@example.com', password: 'a-long-enough-password' });
    await api.call('POST', '/api/v1/hosts', { serverNames: ['shop.example.com', 'www.shop.example.com'], locations: [{ path: '/', action: { kind: 'proxy', address: '127.0.0.1:9' } }] });
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts`);
    await page.getByRole('cell', { name: /shop\.example\.com/ }).first().waitFor();
    await page.getByText('Serving').waitFor();
    await screenshot(page, 'hosts');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await visibleText(page.locator('form').getByRole('alert'))).toContain('wrong email or password');
    session.problems.length = 0;
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portico.dashboard}/`);
    await screenshot(page, 'overview');
    expect(session.problems).toEqual([]);
  });
});
