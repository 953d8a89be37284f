// Access lists in a real browser: a list created on its page, attached to two hosts in
// their editors' Access control section; a denied address gets 403 from both, one edit of
// the list lets it in on both; the list page says where it is used and shows no password.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { openDashboardBrowser } from './dashboard-helpers.ts';

let portico: Portico;
let api: ApiClient;
let session: BrowserSession;
let upstream: http.Server;
const hostIds: string[] = [];

beforeAll(async () => {
  portico = await startPortico({ PORTICO_BIND_ADDRESS: '127.0.0.1' });
  api = await signIn(portico.dashboard);
  upstream = http.createServer((_req, res) => res.end('upstream'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  for (const name of ['one.acl.test', 'two.acl.test']) {
    const created = await api.call('POST', '/api/v1/hosts', { serverNames: [name], locations: [{ path: '/', action: { kind: 'proxy', address } }] });
    hostIds.push(created.json.host.id);
  }
  session = await openDashboardBrowser(portico.dashboard);
}, 600_000);
afterAll(async () => {
  await session?.close();
  await new Promise((resolve) => upstream?.close(resolve));
  await portico?.stop();
});

const statusFrom = async (host: string, from: string) => (await request(portico.ports.http, '/', { headers: { host }, localAddress: from })).status;

describe('access lists in the dashboard', () => {
  it('creates a list, attaches it to two hosts, and one edit changes both', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/access-lists`);
    await page.getByRole('link', { name: 'New access list' }).click();
    await page.getByLabel('Name').fill('office');
    await page.getByLabel('Allow / deny, one rule a line').fill('deny 127.0.0.2\nallow all');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByLabel('User 1 name').fill('ann');
    await page.getByLabel('User 1 password').fill('a-secret-password');
    await page.getByLabel('With address rules too').selectOption('any');
    await page.getByRole('button', { name: 'Create access list' }).click();
    await page.getByRole('link', { name: 'office' }).waitFor();
    expect(await page.content()).not.toContain('a-secret-password');

    for (const id of hostIds) {
      await page.goto(`${portico.dashboard}/hosts/${id}`);
      const policies = page.getByRole('region', { name: 'Host-wide policies' });
      await policies.getByRole('button', { name: /^Access control/ }).click();
      await policies.getByRole('switch', { name: 'Configure access control for this host' }).click();
      await policies.getByLabel('Access list').selectOption({ label: 'office (2 rules, 1 user)' });
      await page.getByRole('button', { name: 'Save changes' }).click();
      expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    }
    for (const host of ['one.acl.test', 'two.acl.test']) {
      // satisfy any: a denied address is asked for the password, an allowed one is let in.
      expect(await statusFrom(host, '127.0.0.2')).toBe(401);
      expect(await statusFrom(host, '127.0.0.3')).toBe(200);
    }

    // One edit: satisfy all and 127.0.0.3 denied too: both hosts change.
    await page.goto(`${portico.dashboard}/access-lists`);
    await page.getByRole('link', { name: 'office' }).click();
    await page.getByText('one.acl.test').waitFor();
    await page.getByText('two.acl.test').waitFor();
    await page.getByLabel('Allow / deny, one rule a line').fill('deny 127.0.0.2\ndeny 127.0.0.3\nallow all');
    await page.getByLabel('With address rules too').selectOption('all');
    await page.getByRole('button', { name: 'Save access list' }).click();
    await page.getByRole('link', { name: 'office' }).waitFor();
    for (const host of ['one.acl.test', 'two.acl.test']) {
      expect(await statusFrom(host, '127.0.0.2')).toBe(403);
      expect(await statusFrom(host, '127.0.0.3')).toBe(403);
      expect(await statusFrom(host, '127.0.0.4')).toBe(401);
    }
    // The password was kept (left empty in the form).
    const auth = `Basic ${Buffer.from('ann:a-secret-password').toString('base64')}`;
    expect((await request(portico.ports.http, '/', { headers: { host: 'one.acl.test', authorization: auth }, localAddress: '127.0.0.4' })).status).toBe(200);
    expect(session.problems).toEqual([]);
  }, 120_000);
});
