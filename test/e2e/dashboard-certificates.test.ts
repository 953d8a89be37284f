// Certificates in a real browser against a real ACME server (Debian's pebble, with
// pebble-challtestsrv as DNS), as test/acme/acme-api.test.ts sets them up: one click
// issues a certificate for a host's names and the page follows the order live; a failure
// is said in plain language; the host editor pins a certificate; upload shows its
// problems at the field; renew, revoke and delete ask first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { makePebbleTls, startChallTestSrv, startPebble, type ChallTestSrv, type Pebble } from '../acme/pebble.ts';
import { servedCertificate, type ServedCertificate } from '../acme/served-certificate.ts';
import { openBrowser, visibleText, type BrowserSession } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort } from '../helpers/ports.ts';
import { expectOnlyProblems, openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let dir: string;
let dns: ChallTestSrv;
let pebble: Pebble;
let upstream: EchoUpstream;
let portico: Portico;
let api: ApiClient;
let session: BrowserSession;
let root: string;
/** The HTTP entrypoint: the port pebble validates on (portico.ports.http is not it). */
let httpPort: number;
const ids: { app?: string; nowhere?: string; plain?: string; cert?: string } = {};

function served(name: string): Promise<ServedCertificate> {
  return servedCertificate(portico.ports.https, name, root);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-e2e-acme-'));
  const pebbleTls = makePebbleTls(dir);
  dns = await startChallTestSrv();
  for (const name of ['app.acme.test', 'www.acme.test', 'plain.acme.test']) await dns.addA(name, ['127.0.0.1']);
  httpPort = await freePort();
  [pebble, upstream] = await Promise.all([startPebble({ dir, name: 'pebble', httpPort, dnsServer: dns.dnsServer, tls: pebbleTls }), startEchoUpstream()]);
  portico = await startPortico({
    PORTICO_HTTP_PORT: String(httpPort),
    PORTICO_ACME_DIRECTORY_URL: pebble.directoryUrl,
    PORTICO_ACME_CA_FILE: pebbleTls.caFile,
    PORTICO_ACME_HTTP_PORT: String(httpPort),
    PORTICO_ACME_DNS_SERVERS: dns.dnsServer,
  });
  api = await signIn(portico.dashboard);
  root = await pebble.root();
  const location = { path: '/', action: { kind: 'proxy', address: upstream.address } };
  ids.app = (await api.call('POST', '/api/v1/hosts', { serverNames: ['app.acme.test', 'www.acme.test'], entrypoints: ['http', 'https'], locations: [location] })).json.host.id;
  ids.nowhere = (await api.call('POST', '/api/v1/hosts', { serverNames: ['nowhere.acme.test'], entrypoints: ['http', 'https'], locations: [location] })).json.host.id;
  ids.plain = (await api.call('POST', '/api/v1/hosts', { serverNames: ['plain.acme.test'], locations: [location] })).json.host.id;
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), pebble?.stop(), upstream?.close()]);
  await dns?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every step's status, as the page shows it right now. */
async function steps(card: ReturnType<BrowserSession['page']['getByRole']>): Promise<string[]> {
  return card.locator('[data-step]').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-step')}:${el.getAttribute('data-status')}`));
}

describe('certificates', () => {
  it('issues a certificate for a host with one click and follows the order live', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/certificates`);
    const uncovered = page.getByRole('region', { name: 'Hosts without a certificate' });
    await uncovered.getByRole('button', { name: 'Issue a certificate for app.acme.test, www.acme.test' }).click();

    const card = page.getByRole('group', { name: 'Certificate for app.acme.test, www.acme.test' });
    await card.waitFor();
    // Watch the steps as the page updates them, until the certificate is valid.
    const seen: string[][] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(await card.getByText('Valid', { exact: true }).isVisible())) {
      const now = await steps(card);
      if (now.length && JSON.stringify(now) !== JSON.stringify(seen.at(-1))) seen.push(now);
      await page.waitForTimeout(50);
    }
    expect(await card.getByText('Valid', { exact: true }).isVisible()).toBe(true);
    // Live: the page showed the order part-way, some steps done and others still to come.
    expect(seen.some((s) => s.some((x) => x.endsWith(':done')) && s.some((x) => !x.endsWith(':done')))).toBe(true);
    expect(seen.flat().some((x) => x.endsWith(':failed'))).toBe(false);

    // Served at once, for both names; the host is no longer listed as uncovered.
    for (const name of ['app.acme.test', 'www.acme.test']) expect(await served(name)).toMatchObject({ authorized: true, san: 'DNS:app.acme.test, DNS:www.acme.test' });
    await uncovered.getByText('app.acme.test').waitFor({ state: 'detached' });
    await page.getByRole('img', { name: /^app\.acme\.test: valid from/ }).waitFor();
    ids.cert = ((await api.call('GET', '/api/v1/certificates')).json.certificates as { id: string; domains: string[] }[]).find((c) => c.domains[0] === 'app.acme.test')!.id;
    expect(session.problems).toEqual([]);
  }, 90_000);

  it('one click on an HTTP-only host issues the certificate and turns HTTPS on, with the redirect ticked', async () => {
    const { page } = session;
    const row = page.getByRole('region', { name: 'Hosts without a certificate' }).getByRole('listitem').filter({ hasText: 'plain.acme.test' });
    await row.getByText('HTTP only').waitFor();
    await row.getByRole('checkbox', { name: 'Redirect HTTP to HTTPS' }).check();
    await row.getByRole('button', { name: 'Issue a certificate for plain.acme.test' }).click();
    const card = page.getByRole('group', { name: 'Certificate for plain.acme.test' });
    await card.getByText('Valid', { exact: true }).waitFor({ timeout: 60_000 });
    const host = (await api.call('GET', `/api/v1/hosts/${ids.plain}`)).json.host;
    expect([host.entrypoints, host.tls.forceHttps]).toEqual([['http', 'https'], true]);
    expect(await served('plain.acme.test')).toMatchObject({ authorized: true, san: 'DNS:plain.acme.test' });
    const plain = await request(httpPort, '/', { headers: { host: 'plain.acme.test' } });
    expect([plain.status, plain.headers.location]).toEqual([301, `https://plain.acme.test:${portico.ports.https}/`]);
    expect(session.problems).toEqual([]);
  }, 90_000);

  it('says in plain language why an order failed', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Issue a certificate for nowhere.acme.test' }).click();
    const card = page.getByRole('group', { name: 'Certificate for nowhere.acme.test' });
    const failure = card.getByRole('alert').filter({ hasText: 'could not be issued' });
    expect(await visibleText(failure)).toContain('nowhere.acme.test does not resolve to an address');
    expect(await steps(card)).toContain('preflight:failed');
    await card.getByRole('button', { name: /Try again/ }).waitFor();
    // Ordering again is another attempt of the same certificate, not one more card.
    await page.getByRole('button', { name: 'Issue a certificate for nowhere.acme.test' }).click();
    await card.getByRole('alert').filter({ hasText: 'could not be issued (2 attempts)' }).waitFor();
    expect(await page.getByRole('group', { name: 'Certificate for nowhere.acme.test' }).count()).toBe(1);
    await shoot(page, 'certificates-orders-light-desktop');
    // The same page on a phone, dark.
    const phone = await openBrowser({ width: 390, height: 844, colorScheme: 'dark' });
    try {
      const [name, value] = api.cookie.split('=') as [string, string];
      await phone.browser.addCookies([{ name, value, url: portico.dashboard }]);
      await phone.page.goto(`${portico.dashboard}/certificates`);
      await phone.page.getByRole('group', { name: 'Certificate for nowhere.acme.test' }).getByRole('alert').waitFor();
      await shoot(phone.page, 'certificates-orders-dark-phone');
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.close();
    }
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('lets the host editor pin a certificate', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/${ids.app}`);
    await page.getByLabel('Certificate', { exact: true }).selectOption(ids.cert!);
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    expect((await api.call('GET', `/api/v1/hosts/${ids.app}`)).json.host.tls.certificateId).toBe(ids.cert);
    // The host without a certificate links to issuing one for its names.
    await page.goto(`${portico.dashboard}/hosts/${ids.nowhere}`);
    await page.getByRole('link', { name: "Issue a certificate for this host's names" }).click();
    await page.getByRole('dialog', { name: 'Issue a certificate' }).getByLabel('Names').waitFor();
    expect(await page.getByLabel('Names').inputValue()).toBe('nowhere.acme.test');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('group', { name: 'Certificate for app.acme.test, www.acme.test' }).getByRole('link', { name: 'app.acme.test' }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('uploads a certificate, showing what is wrong at the field first', async () => {
    const { page } = session;
    const ca = buildCertificate({ commonName: 'Upload CA', ca: true });
    const leaf = buildCertificate({ commonName: 'upload.acme.test', dnsNames: ['upload.acme.test'], issuer: { commonName: 'Upload CA', key: ca.key } });
    const stranger = buildCertificate({ commonName: 'x.test', dnsNames: ['x.test'] });
    await page.getByRole('button', { name: 'Upload' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload a certificate' });
    await dialog.getByLabel('Certificate', { exact: true }).fill(leaf.certPem);
    await dialog.getByLabel('Private key', { exact: true }).fill(stranger.keyPem);
    await dialog.getByRole('button', { name: 'Upload certificate' }).click();
    expect(await visibleText(page.locator('#upload-keyPem-error'))).toContain('does not belong to the certificate');
    expect(await dialog.getByLabel('Private key', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Private key', { exact: true }).fill(leaf.keyPem);
    await dialog.getByLabel(/Intermediate certificates/).fill(ca.certPem);
    await dialog.getByRole('button', { name: 'Upload certificate' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    const uploaded = page.getByRole('group', { name: 'Certificate for upload.acme.test' });
    await uploaded.getByText(/^Uploaded/).waitFor();
    // Revocation is the issuing CA's business: no Revoke for what was uploaded.
    expect(await uploaded.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expectOnlyProblems(session, /status of 422/);
  }, 60_000);

  it('renews, revokes and deletes, asking before the last two', async () => {
    const { page } = session;
    const card = page.getByRole('group', { name: 'Certificate for app.acme.test, www.acme.test' });
    await card.getByRole('button', { name: /^Renew/ }).click();
    await card.getByText('Renewing').waitFor();
    await card.getByText('Valid', { exact: true }).waitFor({ timeout: 60_000 });
    const renewed = (await api.call('GET', `/api/v1/certificates/${ids.cert}`)).json;
    expect(renewed.progress).toMatchObject({ kind: 'renewal' });
    expect(renewed.progress.finishedAt).not.toBeNull();

    await card.getByRole('button', { name: /^Revoke/ }).click();
    const revoke = page.getByRole('dialog', { name: 'Revoke the certificate for app.acme.test?' });
    await revoke.getByLabel('Reason').selectOption('superseded');
    await revoke.getByRole('button', { name: 'Revoke certificate' }).click();
    await card.getByText('Revoked', { exact: true }).waitFor();
    expect((await served('app.acme.test')).authorized).toBe(false);

    await card.getByRole('button', { name: /^Delete/ }).click();
    const del = page.getByRole('dialog', { name: 'Delete the certificate for app.acme.test?' });
    await del.getByRole('button', { name: 'Cancel' }).click();
    expect((await api.call('GET', `/api/v1/certificates/${ids.cert}`)).status).toBe(200);
    await card.getByRole('button', { name: /^Delete/ }).click();
    await del.getByRole('button', { name: 'Delete certificate' }).click();
    await card.waitFor({ state: 'detached' });
    expect((await api.call('GET', `/api/v1/certificates/${ids.cert}`)).status).toBe(404);
    expect(session.problems).toEqual([]);
  }, 90_000);
});
