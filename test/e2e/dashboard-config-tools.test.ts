// Configuration tools in a real browser against a real Portico: an nginx import (a broken
// configuration shown at its line, then preview and apply), versions with a diff and a
// rollback whose apply report is shown, a JSON backup restored after a preview, export,
// zones and global settings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { steadyTraffic } from '../helpers/steady-traffic.ts';
import { expectOnlyProblems, fieldError, openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let a: EchoUpstream;
let b: EchoUpstream;
let tmp: string;

beforeAll(async () => {
  [portico, a, b] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a'), startEchoUpstream(undefined, 'b')]);
  api = await signIn(portico.dashboard);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-e2e-tools-'));
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), a?.close(), b?.close()]);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const config = () => `upstream app_servers {
    server ${a.address} weight=3;
    server ${b.address};
}
server {
    listen 80;
    server_name imported.test;
    location = /health { return 200 "ok"; }
    location /api/ {
        proxy_pass http://app_servers/;
        proxy_set_header Host $host;
    }
}
worker_processes 4;
`;

/** What the code editor's textarea holds, and where its caret is (line, column). */
async function caret(id: string): Promise<{ line: number; column: number }> {
  return session.page.locator(`#${id}`).evaluate((el) => {
    const t = el as HTMLTextAreaElement;
    const before = t.value.slice(0, t.selectionStart).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  });
}

describe('nginx import', () => {
  it('shows a parse error at its line and column in the text', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/import`);
    const broken = 'server {\n    listen 80;\n    server_name broken.test;\n    location / {\n        proxy_pass http://127.0.0.1:9\n    }\n}\n';
    await page.getByLabel('nginx.conf').fill(broken);
    await page.getByRole('button', { name: 'Preview import' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'does not parse' });
    const title = await visibleText(alert);
    const [, line, column] = /line (\d+), column (\d+)/.exec(title)!.map(Number) as [number, number, number];
    expect(line).toBeGreaterThanOrEqual(5);
    // At the place in the text: the editor is marked invalid, says where, and the caret is there.
    expect(await page.locator('#import-config').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText(`Line ${line}, column ${column}:`).isVisible()).toBe(true);
    expect(await caret('import-config')).toEqual({ line, column });
    await shoot(page, 'import-parse-error-light-desktop');
    expectOnlyProblems(session, /status of 422/);
  }, 60_000);

  it('previews what it would create with the warnings by line, then applies it', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/import`);
    await page.getByLabel('nginx.conf').fill(config());
    await page.getByRole('button', { name: 'Preview import' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    // The only server becomes the catch-all, as in nginx: the preview says so.
    expect(await visibleText(preview.getByRole('region', { name: 'Unknown hosts' }))).toContain('Unknown hosts on HTTP will reach imported.test');
    expect(await preview.getByRole('heading', { name: 'Hosts' }).locator('xpath=..').textContent()).toContain('imported.test');
    expect(await preview.textContent()).toContain('app_servers');
    const warning = preview.getByRole('row', { name: /worker_processes/ });
    await warning.waitFor();
    // A warning's line takes the caret to its directive.
    await warning.getByRole('button', { name: /Go to line 14/ }).click();
    expect((await caret('import-config')).line).toBe(14);
    expect((await api.call('GET', '/api/v1/hosts')).json.hosts).toEqual([]);
    await shoot(page, 'import-preview-light-desktop');

    await preview.getByRole('button', { name: 'Apply import' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    await page.getByRole('link', { name: 'imported.test' }).waitFor();
    const health = await request(portico.ports.http, '/health', { headers: { host: 'imported.test' } });
    expect([health.status, health.body]).toEqual([200, 'ok']);

    // The same import again clashes with what it created: the preview says so and cannot be applied.
    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByRole('alert').filter({ hasText: 'clashes with what exists' }).waitFor();
    expect(await page.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('versions', () => {
  it('shows what a version changed, and rolls back with confirmation and the apply report', async () => {
    const { page } = session;
    const base = (await api.call('GET', '/api/v1/versions')).json.versions[0].revision as number;
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['rollback.test'], locations: [{ path: '/', action: { kind: 'proxy', address: b.address } }] });
    expect(created.status).toBe(201);
    await waitFor('the new host to serve', async () => (await request(portico.ports.http, '/', { headers: { host: 'rollback.test' } })).status === 200);

    await page.goto(`${portico.dashboard}/versions`);
    const newest = base + 1;
    await page.getByRole('button', { name: `Changes in revision ${newest}` }).click();
    const diff = page.locator(`#version-${newest}`);
    expect(await visibleText(diff.getByText('rollback.test'))).toBe('rollback.test');
    expect(await diff.textContent()).toContain('added');

    await page.getByRole('button', { name: `Roll back to revision ${base}` }).click();
    const dialog = page.getByRole('dialog', { name: `Roll back to revision ${base}?` });
    await dialog.getByText('removed').waitFor();
    await shoot(page, 'rollback-dialog-light-desktop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await api.call('GET', '/api/v1/versions')).json.versions[0].revision).toBe(newest);

    await page.getByRole('button', { name: `Roll back to revision ${base}` }).click();
    await dialog.getByRole('button', { name: `Roll back to revision ${base}` }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    expect(await page.getByText(`restores the configuration of revision ${base}`).isVisible()).toBe(true);
    await page.getByRole('row', { name: new RegExp(`rolled back to revision ${base}`) }).waitFor();
    const hosts = (await api.call('GET', '/api/v1/hosts')).json.hosts as { serverNames: string[] }[];
    expect(hosts.map((h) => h.serverNames[0])).toEqual(['imported.test']);
    await shoot(page, 'rollback-applied-light-desktop');

    // Any two versions compared.
    await page.locator('#compare-from').selectOption(String(base));
    await page.locator('#compare-to').selectOption(String(newest));
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('region', { name: 'Compare two versions' }).getByRole('link', { name: 'rollback.test' }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('backups and export', () => {
  it('restores a JSON backup after showing what it changes', async () => {
    const { page } = session;
    const backup = await api.call('GET', '/api/v1/export/json');
    const file = path.join(tmp, 'portico-config.json');
    fs.writeFileSync(file, JSON.stringify(backup.json));
    await api.call('POST', '/api/v1/hosts', { serverNames: ['after-backup.test'], locations: [{ path: '/', action: { kind: 'return', status: 204 } }] });

    await page.goto(`${portico.dashboard}/import?tab=restore`);
    await page.getByLabel('Backup file').setInputFiles(file);
    await page.getByRole('status').filter({ hasText: 'changes 1 object' }).waitFor();
    expect(await page.getByText('after-backup.test').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Restore this backup' }).click();
    await page.getByRole('dialog', { name: 'Replace the whole configuration?' }).getByRole('button', { name: 'Restore backup' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    const names = ((await api.call('GET', '/api/v1/hosts')).json.hosts as { serverNames: string[] }[]).map((h) => h.serverNames[0]);
    expect(names).toEqual(['imported.test']);

    // Not a backup: said plainly, nothing sent.
    fs.writeFileSync(path.join(tmp, 'broken.json'), '{ nope');
    await page.getByLabel('Backup file').setInputFiles(path.join(tmp, 'broken.json'));
    await page.getByRole('alert').filter({ hasText: 'is not JSON' }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('offers the configuration as nginx text and as JSON', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/import?tab=export`);
    const host = (await api.call('GET', '/api/v1/hosts')).json.hosts[0];
    await page.getByLabel('Hosts').selectOption(host.id);
    const href = await page.getByRole('link', { name: 'Download nginx configuration' }).getAttribute('href');
    const text = await (await fetch(`${portico.dashboard}${href}`, { headers: { cookie: api.cookie } })).text();
    expect(text).toContain('server_name imported.test;');
    const json = await page.getByRole('link', { name: 'Download JSON backup' }).getAttribute('href');
    expect((await (await fetch(`${portico.dashboard}${json}`, { headers: { cookie: api.cookie } })).json()).format).toBe('portico-config');
    expect(session.problems).toEqual([]);
  }, 30_000);
});

describe('settings', () => {
  it('creates a cache zone that the location policies then offer, and refuses to delete a zone in use', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/zones`);
    await page.getByRole('button', { name: 'New cache zone' }).click();
    const dialog = page.getByRole('dialog', { name: 'New cache zone' });
    await dialog.getByLabel('Name').fill('has space');
    await dialog.getByRole('button', { name: 'Save zone' }).click();
    await dialog.locator('[data-field-error]').first().waitFor();
    await dialog.getByLabel('Name').fill('static_cache');
    await dialog.getByLabel('Disk size').fill('2g');
    await dialog.getByRole('button', { name: 'Save zone' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    await page.getByRole('row', { name: /static_cache.*2 GiB/ }).waitFor();

    // The host editor's cache policy offers it by name; using it there puts it in use.
    const host = (await api.call('GET', '/api/v1/hosts')).json.hosts[0];
    await page.goto(`${portico.dashboard}/hosts/${host.id}`);
    const policies = page.getByRole('region', { name: 'Host-wide policies' });
    await policies.getByRole('button', { name: /^Cache/ }).click();
    await policies.getByRole('switch', { name: 'Configure cache for this host' }).click();
    // Offered in a picker, and chosen already: it is the first (only) cache zone.
    expect(await page.locator('#host-policies-cache-zone option:checked').textContent()).toBe('static_cache — 2 GiB on disk, 80,000 keys');
    expect(await page.locator('#host-policies-cache-zone option').allTextContents()).toEqual(['static_cache — 2 GiB on disk, 80,000 keys']);
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);

    await page.goto(`${portico.dashboard}/settings/zones`);
    await page.getByRole('row', { name: /static_cache.*1 policy/ }).waitFor();
    await page.getByRole('button', { name: 'Delete static_cache' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete static_cache?' });
    await confirm.getByRole('button', { name: 'Delete zone' }).click();
    expect(await visibleText(confirm.getByRole('alert'))).toContain('is used by');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expectOnlyProblems(session, /status of (409|422)/);
  }, 60_000);

  it('saves the global settings, with errors at the field', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/proxy`);
    const proxies = page.locator('#settings-trustedProxies');
    await proxies.fill('not-an-address');
    await proxies.press('Enter');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await visibleText(fieldError(page, 'settings-trustedProxies'))).toContain('must be an IP address');
    await page.getByRole('button', { name: 'Remove not-an-address' }).click();
    await proxies.fill('10.0.0.0/8');
    await proxies.press('Enter');
    await page.getByText('Close the connection (444)').click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    expect((await api.call('GET', '/api/v1/settings')).json.settings).toMatchObject({ trustedProxies: ['10.0.0.0/8'], unknownHost: 'close' });
    await page.goto(`${portico.dashboard}/settings/backups`);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByRole('status').filter({ hasText: 'passed its integrity check' }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('health gate', () => {
  it('is turned on in the settings, then shows a change it watched and rolled back, with the reason', async () => {
    const { page } = session;
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['gate.test'], locations: [{ path: '/', action: { kind: 'proxy', address: a.address } }] });
    await page.goto(`${portico.dashboard}/settings/proxy`);
    await page.getByText('Watch every change and roll back on a regression').click();
    await page.locator('#settings-healthGate-watchSeconds').fill('5');
    await page.locator('#settings-healthGate-minRequests').fill('10');
    await page.getByRole('button', { name: 'Save settings' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/health gate watches the traffic for 5 s/);
    expect((await api.call('GET', '/api/v1/settings')).json.settings.healthGate).toMatchObject({ enabled: true, watchSeconds: 5, minRequests: 10, max5xxIncreasePercent: 5, latencyFactor: 3 });

    const traffic = steadyTraffic(portico.ports.http, 'gate.test');
    try {
      // The settings change itself is watched first; its verdict settles before the test's change.
      const settled = await waitFor('the settings change to be judged', async () => {
        const gate = (await api.call('GET', '/api/v1/versions/health-gate')).json;
        return gate.last && !gate.watching ? gate.last : null;
      }, 20_000, 200);
      expect(settled.revision).toBe(created.json.apply.revision + 1);
      await page.goto(`${portico.dashboard}/versions`);
      const card = page.getByRole('region', { name: 'Health gate' });
      await card.getByText(`Revision ${settled.revision}:`).waitFor();

      const bad = await api.call('PUT', `/api/v1/hosts/${created.json.host.id}`, { serverNames: ['gate.test'], locations: [{ path: '/', action: { kind: 'proxy', address: '127.0.0.1:9' } }] });
      const revision = bad.json.apply.revision as number;
      // The 502s reach minRequests within a second or two: the watch may end before the card polls again.
      const verdict = card.getByLabel('Last verdict').filter({ hasText: `Revision ${revision}:` });
      await verdict.waitFor({ timeout: 20_000 });
      expect(await visibleText(verdict)).toMatch(new RegExp(`rolled back\\s*Revision ${revision}: 5xx answers rose from .+ to \\d+\\.\\d % .+ Revision ${revision - 1} was restored as revision ${revision + 1}\\.`));
      // The list below refreshes with the rollback the gate made.
      await page.getByRole('row', { name: new RegExp(`automatic rollback of revision ${revision} to ${revision - 1}`) }).waitFor();
      await shoot(page, 'health-gate-rolled-back-light-desktop');
    } finally {
      await traffic.stop();
    }
    expect(session.problems).toEqual([]);
  }, 90_000);
});
