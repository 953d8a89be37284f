// Every page under a strict Content-Security-Policy (a fresh nonce per answer, no inline
// script without it), framing refused, MIME sniffing off, referrers kept in the dashboard,
// and every page still works in Chromium without a single CSP violation in the console.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type BrowserSession } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { freePort } from '../helpers/ports.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { expectOnlyProblems, openDashboardBrowser, seedConfiguration, signInThroughForm } from './dashboard-helpers.ts';

let portico: Portico;
let upstream: EchoUpstream;
let api: ApiClient;
let session: BrowserSession;
let ids: { pool: string; host: string };

beforeAll(async () => {
  [portico, upstream] = await Promise.all([startPortico(), startEchoUpstream()]);
  api = await signIn(portico.dashboard);
  ids = await seedConfiguration(api, [upstream.address]);
  session = await openDashboardBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), upstream?.close()]);
});

function expectStaticHeaders(headers: Record<string, string>): void {
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
}

const NONCE = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{16,})' 'strict-dynamic'/;

describe('security headers', () => {
  it('signs in through the form under the policy (the write keeps its Origin)', async () => {
    await signInThroughForm(session.page, portico.dashboard);
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('serves every page with its own nonce, and every page runs without a violation', async () => {
    const { page } = session;
    const pages = [
      '/',
      '/hosts',
      `/hosts/${ids.host}`,
      '/hosts/new',
      '/pools',
      `/pools/${ids.pool}`,
      '/pools/new',
      '/certificates',
      '/live',
      '/logs',
      `/trace?url=${encodeURIComponent('http://shop.test/api/orders')}`,
      '/import',
      '/versions',
      '/audit',
      '/settings/account',
      '/settings/tokens',
      '/settings/users',
      '/settings/proxy',
      '/settings/zones',
      '/settings/acme',
      '/settings/backups',
      '/login',
      '/no-such-page',
      '/hosts/no-such-host',
    ];
    const nonces = new Set<string>();
    for (const path of pages) {
      const response = await page.goto(`${portico.dashboard}${path}`);
      const headers = response!.headers();
      expectStaticHeaders(headers);
      const policy = headers['content-security-policy'] ?? '';
      expect(policy, path).toMatch(NONCE);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      const nonce = NONCE.exec(policy)![1]!;
      nonces.add(nonce);
      // Next.js put the nonce on its scripts; the theme script carries it too.
      const html = await response!.text();
      expect(html).toContain(`nonce="${nonce}"`);
      await page.locator(path === '/login' ? 'form' : 'h1, h2').first().waitFor();
      // The framework's scripts ran (they would not under a violation).
      await page.waitForFunction(() => (window as unknown as { next?: unknown }).next !== undefined);
      // The unknown address is answered 404, which Chromium reports as a failed resource.
      if (path.includes('no-such')) expectOnlyProblems(session, /status of 404/);
    }
    expect(nonces.size).toBe(pages.length);
    // A client-side navigation and a live chart under the policy.
    await page.goto(`${portico.dashboard}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pools' }).click();
    await page.waitForURL(`${portico.dashboard}/pools`);
    await page.locator('main h1').first().waitFor();
    expect(session.problems).toEqual([]);
  }, 180_000);

  it('sends the static headers and a deny-all policy with API answers', async () => {
    for (const path of ['/api/v1/session', '/api/v1/hosts', '/api/v1/openapi.json']) {
      const res = await fetch(`${portico.dashboard}${path}`);
      const headers = Object.fromEntries(res.headers);
      expectStaticHeaders(headers);
      expect(headers['content-security-policy']).toContain("default-src 'none'");
    }
    // The dashboard server's own 413 carries them too.
    const tooLarge = await fetch(`${portico.dashboard}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(3 * 1024 * 1024) });
    expect(tooLarge.status).toBe(413);
    expectStaticHeaders(Object.fromEntries(tooLarge.headers));
  });

  it('refuses to be framed by another origin', async () => {
    const port = await freePort();
    const framer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe id="f" src="${portico.dashboard}/login" width="600" height="400"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(port, '127.0.0.2', resolve));
    const other = await openBrowser();
    try {
      await other.page.goto(`http://127.0.0.2:${port}/`);
      const frame = await (await other.page.waitForSelector('#f')).contentFrame();
      await frame!.waitForLoadState('load');
      expect(await frame!.locator('form').count()).toBe(0);
      expect(frame!.url()).toBe('chrome-error://chromewebdata/');
      expect(other.problems.some((p) => /frame-ancestors 'none'/.test(p))).toBe(true);
    } finally {
      await other.close();
      await new Promise((resolve) => framer.close(resolve));
    }
  }, 60_000);
});
