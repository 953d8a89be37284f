// What a new user gets without asking, in a real browser against a real Portico: a host
// made in the dashboard passes the client's Host (a visible switch says so); caching
// switched on stores only what the upstream allows and never answers for cookies; the
// zone of a cache or a rate limit is picked, the default one made on first use; an import
// says where unknown hosts will go, and can keep them on the 404 page; the certificates
// page says before ordering that HTTP-01 will fail on this port, takes a self-signed
// certificate from a file and offers no revocation for it. Screenshots of each page, at
// desktop and phone widths, light and dark, land in test-results/screenshots.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { openBrowser, visibleText, type BrowserSession, type Page } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let upstream: EchoUpstream;
let hostId: string;

beforeAll(async () => {
  [portico, upstream] = await Promise.all([
    // No PORTICO_ACME_HTTP_PORT and an HTTP port other than 80: nothing says a forwarder is in front.
    startPortico(),
    startEchoUpstream((req, res) => {
      if (!req.url?.startsWith('/static/')) return false;
      res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'max-age=60' });
      res.end(`static ${upstream.seen.length}`);
      return true;
    }),
  ]);
  api = await signIn(portico.dashboard);
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), upstream?.close()]);
});

/** The same page in the three other looks (light/dark × desktop/phone), signed in with the API's session. */
async function shootVariants(pathname: string, name: string, prepare?: (page: Page) => Promise<void>): Promise<void> {
  for (const v of [
    { colorScheme: 'dark', width: 1280, suffix: 'dark-desktop' },
    { colorScheme: 'light', width: 390, suffix: 'light-phone' },
    { colorScheme: 'dark', width: 390, suffix: 'dark-phone' },
  ] as const) {
    const other = await openBrowser({ width: v.width, height: v.width > 500 ? 800 : 844, colorScheme: v.colorScheme });
    try {
      const [cookieName, value] = api.cookie.split('=') as [string, string];
      await other.browser.addCookies([{ name: cookieName, value, url: portico.dashboard }]);
      await other.page.goto(`${portico.dashboard}${pathname}`);
      await prepare?.(other.page);
      await shoot(other.page, `${name}-${v.suffix}`);
      // No page overflows the viewport sideways.
      expect(await other.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(other.problems).toEqual([]);
    } finally {
      await other.close();
    }
  }
}

const upstreamHost = async (path: string, host: string) => {
  const before = upstream.seen.length;
  const res = await request(portico.ports.http, path, { headers: { host } });
  expect(res.status).toBe(200);
  return upstream.seen.slice(before).at(-1)!.headers.host;
};

describe("the client's Host", () => {
  it('is passed by hosts made in the dashboard, with a visible switch; the API keeps nginx\'s $proxy_host', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/new`);
    const hostSwitch = page.getByRole('switch', { name: "Pass the client's Host header" });
    expect(await hostSwitch.getAttribute('aria-checked')).toBe('true');
    expect(await visibleText(page.locator(`#${await hostSwitch.getAttribute('aria-describedby')}`))).toContain('proxy_set_header Host $host');
    await page.locator('#host-serverNames').fill('shop.test');
    await page.locator('#host-serverNames').press('Enter');
    await page.locator('#host-locations-0-action-address').fill(upstream.address);
    const choice = page.getByRole('region', { name: 'Location / settings' }).getByRole('group', { name: 'Host header to the upstream' });
    expect(await choice.getByRole('radio', { checked: true }).getAttribute('value')).toBe('host');
    await shoot(page, 'host-new-defaults-light-desktop');
    await page.getByRole('button', { name: 'Create host' }).click();
    await page.waitForURL(/\/hosts\/(?!new$)[^/]+$/);
    hostId = page.url().split('/').pop()!;
    await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();
    expect((await api.call('GET', `/api/v1/hosts/${hostId}`)).json.host.policies).toEqual({ passHostHeader: true });
    expect(await upstreamHost('/x', 'shop.test')).toBe('shop.test');

    // Off: the upstream's own name again.
    await page.getByRole('switch', { name: "Pass the client's Host header" }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();
    expect(await upstreamHost('/x', 'shop.test')).toBe(upstream.address);
    await page.getByRole('switch', { name: "Pass the client's Host header" }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();

    // Through the API, without saying: nginx's meaning.
    const made = await api.call('POST', '/api/v1/hosts', { serverNames: ['api.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    expect(made.json.host.policies.passHostHeader).toBeUndefined();
    expect(await upstreamHost('/x', 'api.test')).toBe(upstream.address);
    await shootVariants('/hosts/new', 'host-new-defaults');
    expect(session.problems).toEqual([]);
  }, 120_000);
});

describe('cache and rate limits from the location editor', () => {
  it('picks zones (making the default ones on save), stores only what the upstream allows, never for cookies', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/${hostId}`);
    await page.getByRole('button', { name: /^\/\s*proxy/ }).click();
    const location = page.getByRole('region', { name: 'Location / settings' });
    await location.getByRole('button', { name: /^Cache/ }).click();
    await location.getByRole('switch', { name: 'Override cache for this location' }).click();
    // No zone yet: the default one is offered, to be made on save; no fixed lifetime.
    expect(await page.locator('#host-locations-0-policies-cache-zone option:checked').textContent()).toBe('default — 1 GiB on disk, 80,000 keys (new)');
    expect(await visibleText(page.locator('#host-locations-0-policies-cache-zone-hint'))).toContain('is created when you save');
    await location.getByText('No fixed lifetime: answers without caching headers are not stored.').waitFor();
    expect(await location.getByRole('switch', { name: 'Cache requests with cookies' }).getAttribute('aria-checked')).toBe('false');
    await location.getByRole('button', { name: /^Rate limits/ }).click();
    await location.getByRole('switch', { name: 'Override rate limits for this location' }).click();
    expect(await page.locator('#host-locations-0-policies-rateLimits-0-zone option:checked').textContent()).toBe('per-client — 10 r/s per client address (new)');
    const rateSummary = await location.getByRole('button', { name: /^Rate limits/ }).textContent();
    expect(rateSummary).toContain('per-client (10 r/s per client address, new) · burst 20 at once');
    expect(rateSummary).not.toContain('?');
    await shoot(page, 'host-cache-limits-light-desktop');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();

    expect((await api.call('GET', '/api/v1/cache-zones')).json.zones).toMatchObject([{ name: 'default', maxSizeBytes: 1024 ** 3, maxEntries: 80_000 }]);
    expect((await api.call('GET', '/api/v1/limit-zones')).json.zones).toMatchObject([{ name: 'per-client', kind: 'REQUEST', rate: { count: 10, per: 'second' }, key: { parts: [{ source: 'client_ip' }] } }]);
    const saved = (await api.call('GET', `/api/v1/hosts/${hostId}`)).json.host.locations[0].policies;
    expect(saved.cache).toMatchObject({ zone: 'default', valid: [], allowCookies: false, allowAuthorized: false, ignoreSetCookie: false });
    expect(saved.rateLimits).toEqual([{ zone: 'per-client', burst: 20, nodelay: true, delay: 0, status: 503, dryRun: false }]);

    const seen = (p: string) => upstream.seen.filter((r) => r.url === p).length;
    for (let i = 0; i < 3; i++) await request(portico.ports.http, '/hello?x=1', { headers: { host: 'shop.test' } });
    expect(seen('/hello?x=1')).toBe(3);
    for (let i = 0; i < 3; i++) await request(portico.ports.http, '/static/a.css', { headers: { host: 'shop.test' } });
    expect(seen('/static/a.css')).toBe(1);
    await request(portico.ports.http, '/static/a.css', { headers: { host: 'shop.test', cookie: 'session=alice' } });
    expect(seen('/static/a.css')).toBe(2);

    // Saved and reloaded: the zones exist, the summaries say what they are.
    await page.reload();
    await page.getByRole('button', { name: /^\/\s*proxy/ }).click();
    expect(await location.getByRole('button', { name: /^Rate limits/ }).textContent()).toContain('per-client (10 r/s per client address) · burst 20 at once');
    expect(await location.getByRole('button', { name: /^Cache/ }).textContent()).toContain('zone default · as the upstream allows');
    await shootVariants(`/hosts/${hostId}`, 'host-cache-limits', async (p) => {
      await p.getByRole('button', { name: /^\/\s*proxy/ }).click();
      const loc = p.getByRole('region', { name: 'Location / settings' });
      await loc.getByRole('button', { name: /^Cache/ }).click();
      await loc.getByRole('button', { name: /^Rate limits/ }).click();
    });
    expect(session.problems).toEqual([]);
  }, 120_000);
});

describe('nginx import and the default server', () => {
  it('says where unknown hosts will go, and keeps them on the 404 page when asked', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/import`);
    await page.getByLabel('nginx.conf').fill('server {\n    listen 80;\n    server_name imported.test;\n    location / { return 200 "imported"; }\n}\n');
    await page.getByRole('button', { name: 'Preview import' }).click();
    const notice = page.getByRole('region', { name: 'Unknown hosts' });
    expect(await visibleText(notice)).toContain('Unknown hosts on HTTP will reach imported.test: no server says default_server');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('default server', { exact: true }).waitFor();
    await shoot(page, 'import-default-server-light-desktop');
    await notice.getByRole('switch', { name: 'Keep unknown hosts on the 404 page' }).click();
    expect(await visibleText(notice)).toContain('Unknown hosts on HTTP keep getting the 404 page.');
    expect(await preview.getByText('default server', { exact: true }).count()).toBe(0);
    await preview.getByRole('button', { name: 'Apply import' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();
    const [known, unknown] = [await request(portico.ports.http, '/', { headers: { host: 'imported.test' } }), await request(portico.ports.http, '/', { headers: { host: 'nobody.test' } })];
    expect([known.status, known.body, unknown.status]).toEqual([200, 'imported', 404]);
    await shootVariants('/import', 'import-default-server', async (p) => {
      await p.getByLabel('nginx.conf').fill('server {\n    listen 80;\n    server_name second.test;\n    return 200;\n}\n');
      await p.getByRole('button', { name: 'Preview import' }).click();
      await p.getByRole('region', { name: 'Unknown hosts' }).waitFor();
    });
    expect(session.problems).toEqual([]);
  }, 120_000);
});

describe('certificates', () => {
  it('says before ordering that HTTP-01 will fail on this port, and offers the redirect with one-click HTTPS', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/certificates`);
    const warning = page.getByText(`Portico's HTTP entrypoint listens on port ${portico.ports.http}, but the certificate authority connects to port 80`);
    await warning.waitFor();
    const uncovered = page.getByRole('region', { name: 'Hosts without a certificate' });
    const shop = uncovered.getByRole('listitem').filter({ hasText: 'shop.test' });
    await shop.getByText('HTTPS is turned on for this host as soon as the certificate is issued.').waitFor();
    expect(await shop.getByRole('checkbox', { name: 'Redirect HTTP to HTTPS' }).isChecked()).toBe(false);
    // The dialog for one host says it too, and offers HTTPS for the host with the redirect.
    await page.goto(`${portico.dashboard}/certificates?issue=${hostId}`);
    const dialog = page.getByRole('dialog', { name: 'Issue a certificate' });
    await dialog.getByText(`listens on port ${portico.ports.http}`).waitFor();
    expect(await dialog.getByRole('switch', { name: 'Turn HTTPS on for shop.test' }).getAttribute('aria-checked')).toBe('true');
    await dialog.getByRole('switch', { name: 'Redirect HTTP to HTTPS' }).waitFor();
    await shoot(page, 'certificates-issue-dialog-light-desktop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('takes a self-signed certificate (OpenSSL 3 marks it CA:TRUE) from files, says it is self-signed, and offers no revocation', async () => {
    const { page } = session;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-selfsigned-'));
    try {
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=shop.test', '-addext', 'subjectAltName=DNS:shop.test', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
      // Without the openssl tool, the same kind of certificate from the test builder.
      if (made.status !== 0) {
        const built = buildCertificate({ commonName: 'shop.test', dnsNames: ['shop.test'], ca: true });
        fs.writeFileSync(path.join(dir, 'cert.pem'), built.certPem);
        fs.writeFileSync(path.join(dir, 'key.pem'), built.keyPem);
      }
      await page.getByRole('button', { name: 'Upload' }).click();
      const dialog = page.getByRole('dialog', { name: 'Upload a certificate' });
      await dialog.getByLabel('Load the certificate from a file').setInputFiles(path.join(dir, 'cert.pem'));
      await dialog.getByLabel('Load the private key from a file').setInputFiles(path.join(dir, 'key.pem'));
      // The browser reads each chosen file asynchronously: wait for the text to arrive.
      await expect.poll(() => dialog.getByLabel('Certificate', { exact: true }).inputValue()).toContain('-----BEGIN CERTIFICATE-----');
      await expect.poll(() => dialog.getByLabel('Private key', { exact: true }).inputValue()).toContain('PRIVATE KEY-----');
      await shoot(page, 'certificates-upload-files-light-desktop');
      await dialog.getByRole('button', { name: 'Upload certificate' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const card = page.getByRole('group', { name: 'Certificate for shop.test' });
    await card.getByText(/Uploaded · self-signed/).waitFor();
    await card.getByText(/This certificate is self-signed/).waitFor();
    expect(await card.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    await card.getByRole('button', { name: /^Delete/ }).waitFor();
    await shoot(page, 'certificates-defaults-light-desktop');
    await shootVariants('/certificates', 'certificates-defaults');
    expect(session.problems).toEqual([]);
  }, 120_000);
});
