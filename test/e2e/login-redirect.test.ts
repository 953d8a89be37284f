// After signing in, Chromium follows `next` only to a path of the dashboard itself: the
// spellings that a browser's URL parser turns into another origin ("/\host", a tab after
// the first slash, …) land on the overview instead, and the other origin is never asked.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from '../helpers/browser.ts';
import { freePort } from '../helpers/ports.ts';
import { ADMIN, startPortico, type Portico } from '../helpers/portico.ts';

let portico: Portico;
let session: BrowserSession;
let elsewhere: http.Server;
let elsewhereHost: string;
const elsewhereHits: string[] = [];

beforeAll(async () => {
  // "Another origin": a page on another loopback address that records every visit.
  const port = await freePort();
  elsewhereHost = `127.0.0.2:${port}`;
  elsewhere = http.createServer((req, res) => {
    elsewhereHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>pwned</h1>');
  });
  await new Promise<void>((resolve) => elsewhere.listen(port, '127.0.0.2', resolve));
  portico = await startPortico();
  session = await openBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await portico?.stop();
  await new Promise((resolve) => elsewhere?.close(resolve));
});

async function signInWithNext(rawNext: string): Promise<URL> {
  const { page } = session;
  // rawNext goes into the query as written (already percent-encoded where it shows).
  await page.goto(`${portico.dashboard}/login?next=${rawNext}`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.waitForLoadState('load');
  return new URL(page.url());
}

describe('sign-in redirect', () => {
  // Seven sign-ins: the sign-in limit is 10 a minute per address.
  const hostile = [
    { desc: 'an encoded backslash', next: () => `/%5C${elsewhereHost}/pwned.html` },
    { desc: 'an encoded tab', next: () => `/%09/${elsewhereHost}/pwned.html` },
    { desc: 'an encoded newline', next: () => `/%0A/${elsewhereHost}/pwned.html` },
    { desc: 'a raw backslash', next: () => `/\\${elsewhereHost}/pwned.html` },
    { desc: 'a protocol-relative URL', next: () => `%2F%2F${elsewhereHost}/pwned.html` },
  ];

  it.each(hostile)('stays on the dashboard with $desc', async ({ next }) => {
    elsewhereHits.length = 0;
    const landed = await signInWithNext(next());
    expect(landed.origin).toBe(portico.dashboard);
    expect(landed.pathname).toBe('/');
    expect(elsewhereHits).toEqual([]);
  }, 60_000);

  it('follows a path of the dashboard', async () => {
    const landed = await signInWithNext(encodeURIComponent('/pools?from=login'));
    expect(`${landed.origin}${landed.pathname}${landed.search}`).toBe(`${portico.dashboard}/pools?from=login`);
    await session.page.locator('main h1').first().waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);
});
