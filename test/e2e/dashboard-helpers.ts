// Small helpers for the dashboard's browser tests.
import { expect } from 'vitest';
import { openBrowser, screenshot, type BrowserSession, type Page } from '../helpers/browser.ts';
import { ADMIN, type ApiClient } from '../helpers/portico.ts';

/** The error shown at a form field (FieldShell renders it as `<id>-error`). */
export function fieldError(page: Page, fieldId: string) {
  return page.locator(`#${fieldId}-error`);
}

export async function signInThroughForm(page: Page, dashboard: string, credentials = ADMIN): Promise<void> {
  if (!page.url().endsWith('/login')) await page.goto(`${dashboard}/login`);
  await page.getByLabel('Email').fill(credentials.email);
  await page.getByLabel('Password').fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${dashboard}/`);
}

/** Leaving a page with unsaved changes raises the browser's beforeunload prompt: accept it. */
export function watchDialogs(page: Page): void {
  page.on('dialog', (dialog) => void dialog.accept());
}

/**
 * A browser for the dashboard's tests: beforeunload prompts accepted, and signed in as the
 * admin through the form when given the dashboard's address. Closed again if signing in fails.
 */
export async function openDashboardBrowser(dashboard?: string): Promise<BrowserSession> {
  const session = await openBrowser();
  watchDialogs(session.page);
  if (dashboard === undefined) return session;
  try {
    await signInThroughForm(session.page, dashboard);
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

/**
 * A full-page screenshot. Sticky bars (the editor's save bar, the sidebar) would be drawn
 * where the viewport happened to end, in the middle of the page; they are laid out in
 * place for the picture.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  // Set on the elements, not with an added <style>: the pages' Content-Security-Policy
  // refuses style elements without its nonce.
  await page.evaluate(() => {
    for (const element of document.querySelectorAll<HTMLElement>('.sticky, .md\\:sticky')) element.style.setProperty('position', 'static', 'important');
  });
  await screenshot(page, name);
}

/** Expected API failures (a 4xx the page shows) log a console error; anything else must not. */
export function expectOnlyProblems(session: BrowserSession, expected: RegExp): void {
  const unexpected = session.problems.filter((p) => !expected.test(p));
  session.problems.length = 0;
  expect(unexpected).toEqual([]);
}

/**
 * A pool and the host "shop.test" made through the API: "/" proxies to the pool; a later
 * edit adds "/api/" (one address, URI "/", a read timeout), so the audit log has a change.
 */
export async function seedConfiguration(api: ApiClient, servers: string[]): Promise<{ pool: string; host: string }> {
  const pool = await api.call('POST', '/api/v1/pools', { name: 'backend', algorithm: 'LEAST_CONN', servers: servers.map((address) => ({ address })) });
  expect(pool.status).toBe(201);
  const root = { path: '/', action: { kind: 'proxy', poolId: pool.json.pool.id } };
  const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['shop.test'], locations: [root] });
  expect(host.status).toBe(201);
  const api2 = { path: '/api/', action: { kind: 'proxy', address: servers.at(-1), uri: '/' }, policies: { timeouts: { connectMs: 60000, sendMs: 60000, readMs: 5000 } } };
  const updated = await api.call('PUT', `/api/v1/hosts/${host.json.host.id}`, { serverNames: ['shop.test', 'www.shop.test'], locations: [root, api2] });
  expect(updated.status).toBe(200);
  return { pool: pool.json.pool.id, host: host.json.host.id };
}
