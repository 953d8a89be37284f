// DNS-01 in a real browser: an administrator adds an rfc2136 provider on the Certificates
// page (a bad secret is said at its field), then orders *.example.test + example.test
// through the order dialog, which picks DNS-01 for the wildcard; bind9 is the zone's
// authoritative server and pebble resolves through it, as in test/acme/dns01.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePebbleTls, startPebble, type Pebble } from '../acme/pebble.ts';
import { startAuthoritativeZone, tsigClockMoved, type AuthoritativeZone } from '../helpers/bind9-zone.ts';
import type { BrowserSession } from '../helpers/browser.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort } from '../helpers/ports.ts';
import { ensureDebianPackages } from '../helpers/stream-servers.ts';
import { expectOnlyProblems, fieldError, openDashboardBrowser } from './dashboard-helpers.ts';

const ready = process.getuid?.() === 0 && ensureDebianPackages({ bind9: '/usr/sbin/named', 'bind9-dnsutils': 'dig', iproute2: 'ip', pebble: 'pebble' });

let dir: string;
let bind: AuthoritativeZone;
let pebble: Pebble;
let portico: Portico;
let api: ApiClient;
let session: BrowserSession;
let root: string;

function served(name: string): Promise<{ authorized: boolean; san: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: portico.ports.https, servername: name, ca: root, rejectUnauthorized: false }, () => {
      resolve({ authorized: socket.authorized, san: socket.getPeerX509Certificate()?.subjectAltName ?? '' });
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe.skipIf(!ready || tsigClockMoved)('DNS-01 in the dashboard', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-e2e-dns01-'));
    const pebbleTls = makePebbleTls(dir);
    bind = await startAuthoritativeZone('example.test');
    pebble = await startPebble({ dir, name: 'pebble', httpPort: await freePort(), dnsServer: bind.server, tls: pebbleTls });
    portico = await startPortico({ PORTICO_ACME_DIRECTORY_URL: pebble.directoryUrl, PORTICO_ACME_CA_FILE: pebbleTls.caFile, PORTICO_ACME_DNS_SERVERS: bind.server });
    api = await signIn(portico.dashboard);
    root = await pebble.root();
    session = await openDashboardBrowser(portico.dashboard);
  }, 600_000);

  afterAll(async () => {
    await session?.close();
    await Promise.all([portico?.stop(), pebble?.stop()]);
    await bind?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds an rfc2136 provider, saying a bad secret at its field', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/certificates`);
    const section = page.getByRole('region', { name: 'DNS providers' });
    await section.getByRole('button', { name: 'Add provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a DNS provider' });
    await dialog.getByLabel('Name', { exact: true }).fill('bind');
    await dialog.getByLabel('DNS server').fill(bind.server);
    await dialog.getByLabel('TSIG key name').fill(bind.key.name);
    await dialog.getByLabel('TSIG key secret').fill('not base64!');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await fieldError(page, 'dns-keySecret').getByText('must be the base64 secret of the TSIG key').waitFor();
    expectOnlyProblems(session, /422/);

    await dialog.getByLabel('TSIG key secret').fill(bind.key.secret);
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = section.getByRole('listitem').filter({ hasText: 'bind' });
    await row.getByText(`${bind.server} · key portico-acme (hmac-sha256)`).waitFor();
    expect(await page.content()).not.toContain(bind.key.secret);
    expect((await api.call('GET', '/api/v1/dns-providers')).json.providers).toHaveLength(1);
  }, 60_000);

  it('orders a wildcard through the order dialog, which picks DNS-01, and serves it', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Issue certificate' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Issue a certificate' });
    await dialog.getByLabel('Names', { exact: true }).fill('*.example.test\nexample.test');
    expect(await dialog.getByLabel('Validation').inputValue()).not.toBe('');
    await dialog.getByText('with the DNS-01 challenge').waitFor();
    await dialog.getByRole('button', { name: 'Issue certificate' }).click();
    const card = page.getByRole('group', { name: 'Certificate for *.example.test, example.test' });
    await card.getByText('Valid', { exact: true }).waitFor({ timeout: 90_000 });
    await card.getByText(/ACME · DNS-01 via bind/).waitFor();
    for (const name of ['a.example.test', 'b.example.test']) expect(await served(name)).toMatchObject({ authorized: true, san: 'DNS:*.example.test, DNS:example.test' });
    expect(bind.txt('_acme-challenge.example.test')).toEqual([]);
    // In use: its Delete is off, with the reason.
    const del = page.getByRole('region', { name: 'DNS providers' }).getByRole('button', { name: 'Delete' });
    await page.reload();
    expect(await del.isDisabled()).toBe(true);
    expect(session.problems).toEqual([]);
  }, 120_000);
});
