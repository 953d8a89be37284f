// The configuration editors as an operator uses them, in a real browser against a real
// Portico: create a pool and a host (a validation error shown at its field first), send
// traffic through the engine, edit a location and see it applied, have the server's
// verdict mapped onto a field, meet the unsaved-changes guard, delete with confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { expectOnlyProblems, fieldError, openDashboardBrowser, shoot, signInThroughForm } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let upstreamA: EchoUpstream;
let upstreamB: EchoUpstream;
const ids: { pool?: string; host?: string } = {};

beforeAll(async () => {
  [portico, upstreamA, upstreamB] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a'), startEchoUpstream(undefined, 'b')]);
  api = await signIn(portico.dashboard);
  session = await openDashboardBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), upstreamA?.close(), upstreamB?.close()]);
});

describe('configuration editors', () => {
  it('signs in and shows the empty states with their next step', async () => {
    const { page } = session;
    await signInThroughForm(page, portico.dashboard);
    await page.getByRole('heading', { name: 'Get started' }).waitFor();
    await page.goto(`${portico.dashboard}/pools`);
    await page.getByRole('heading', { name: 'No pools yet' }).waitFor();
    await page.goto(`${portico.dashboard}/hosts`);
    await page.getByRole('heading', { name: 'No hosts yet' }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('creates a pool, showing a validation error at its field first', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/pools`);
    await page.getByRole('link', { name: 'New pool' }).click();
    await page.getByRole('heading', { name: 'New pool' }).waitFor();
    await page.locator('#pool-name').fill('backend');
    await page.getByRole('radio', { name: /Least connections/ }).check();
    await page.locator('#pool-servers-0-address').fill(upstreamA.address);
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.locator('#pool-servers-1-address').fill('backend:http');
    await page.getByRole('button', { name: 'Create pool' }).click();

    // Client-side, with the shared PoolInput schema: the error sits at the field, and a
    // summary (role=alert) links to it.
    expect(await visibleText(fieldError(page, 'pool-servers-1-address'))).toBe('the port must be a number from 1 to 65535');
    expect(await page.locator('#pool-servers-1-address').getAttribute('aria-invalid')).toBe('true');
    expect(await visibleText(page.getByRole('alert').filter({ hasText: 'before saving' }))).toContain('Server backend:http');
    await shoot(page, 'pool-validation-error-light-desktop');

    await page.locator('#pool-servers-1-address').fill(upstreamB.address);
    await fieldError(page, 'pool-servers-1-address').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Create pool' }).click();
    await page.waitForURL(/\/pools\/(?!new$)[^/]+$/);
    ids.pool = page.url().split('/').pop()!;
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/Saved and applied in \d+ ms/);

    const saved = await api.call('GET', `/api/v1/pools/${ids.pool}`);
    expect(saved.json.pool).toMatchObject({ name: 'backend', algorithm: 'LEAST_CONN', servers: [{ address: upstreamA.address }, { address: upstreamB.address }] });
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('creates a host that proxies to the pool, and traffic flows through the engine', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/new`);
    await page.locator('#host-serverNames').fill('shop.test');
    await page.locator('#host-serverNames').press('Enter');
    // The first location ("/") already proxies to the first pool.
    expect(await page.locator('#host-locations-0-action-poolId option:checked').textContent()).toContain('backend');
    await page.getByRole('button', { name: 'Create host' }).click();
    await page.waitForURL(/\/hosts\/(?!new$)[^/]+$/);
    ids.host = page.url().split('/').pop()!;
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);

    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await request(portico.ports.http, `/item/${i}`, { headers: { host: 'shop.test' } });
      expect(res.status).toBe(200);
      seen.add(JSON.parse(res.body).upstream);
    }
    expect(seen).toEqual(new Set(['a', 'b']));

    // The pool editor shows the engine's live view of its servers.
    await page.goto(`${portico.dashboard}/pools/${ids.pool}`);
    const live = page.getByRole('region', { name: 'Live status' });
    for (const upstream of [upstreamA, upstreamB]) await live.getByRole('row', { name: new RegExp(`${upstream.address} Up`) }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('edits a location and a policy, and the engine applies them', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/${ids.host}`);
    await page.getByRole('button', { name: 'Add location' }).click();
    const path = page.locator('#host-locations-1-path');
    await path.fill('api/');
    await path.blur();
    // The model's own rule, checked in the browser as you type.
    expect(await visibleText(fieldError(page, 'host-locations-1-path'))).toContain('must start with "/"');
    await path.fill('/api/');
    const location = page.getByRole('region', { name: 'Location /api/ settings' });
    await location.getByText('One address').click();
    await page.locator('#host-locations-1-action-address').fill(upstreamB.address);
    await page.locator('#host-locations-1-action-uri').fill('/');
    // An API whose names carry encoded slashes: the URI part must pass them on intact.
    await location.getByRole('switch', { name: 'Keep encoded slashes (%2F)' }).click();
    await location.getByRole('button', { name: /^Timeouts/ }).click();
    await location.getByRole('switch', { name: 'Override timeouts for this location' }).click();
    await page.locator('#host-locations-1-policies-timeouts-readMs').fill('5s');
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);

    const host = (await api.call('GET', `/api/v1/hosts/${ids.host}`)).json.host;
    expect(host.locations[1]).toMatchObject({ path: '/api/', action: { kind: 'proxy', address: upstreamB.address, uri: '/', keepEncodedSlashes: true }, policies: { timeouts: { readMs: 5000 } } });
    const before = upstreamB.seen.length;
    const res = await request(portico.ports.http, '/api/orders?page=2', { headers: { host: 'shop.test' } });
    expect(res.status).toBe(200);
    expect((await request(portico.ports.http, '/api/projects/group%2Fapp', { headers: { host: 'shop.test' } })).status).toBe(200);
    expect(upstreamB.seen.slice(before).map((r) => r.url)).toEqual(['/orders?page=2', '/projects/group%2Fapp']);
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('says so when the engine rejects part of a saved host, at the field', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/${ids.host}`);
    await page.getByRole('button', { name: /^\/api\// }).click();
    const location = page.getByRole('region', { name: 'Location /api/ settings' });
    await location.getByRole('button', { name: /^Request headers/ }).click();
    await location.getByRole('switch', { name: 'Override request headers for this location' }).click();
    await page.locator('#host-locations-1-policies-proxyHeaders-0-value').fill('$no_such_variable');
    await page.getByRole('button', { name: 'Save changes' }).click();

    // Valid for the model, so it saves; but the engine knows no such variable, so it disables
    // the location, and the page says exactly that instead of a success message.
    const verdict = page.getByRole('alert').filter({ hasText: 'rejected part of this host' });
    expect(await visibleText(verdict)).toContain('unknown variable $no_such_variable');
    expect(await page.getByText('Saved and applied').count()).toBe(0);
    expect(await visibleText(fieldError(page, 'host-locations-1-policies-proxyHeaders-0-value'))).toContain('unknown variable');
    await shoot(page, 'host-engine-error-light-desktop');

    await location.getByRole('switch', { name: 'Override request headers for this location' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    expect(session.problems).toEqual([]);
  }, 60_000);

  it("maps the server's verdict onto the field: a name another host already uses", async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/new`);
    await page.locator('#host-serverNames').fill('shop.test');
    await page.locator('#host-serverNames').press('Enter');
    await page.getByRole('button', { name: 'Create host' }).click();
    expect(await visibleText(fieldError(page, 'host-serverNames'))).toContain('already used by another host');
    expectOnlyProblems(session, /status of 409/);
    await page.getByRole('button', { name: 'Discard' }).click();
  }, 60_000);

  it('warns before leaving unsaved changes, and deletes only after confirmation', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/${ids.host}`);
    await page.locator('#host-serverNames').fill('www.shop.test');
    await page.locator('#host-serverNames').press('Enter');
    await page.getByText('Unsaved changes', { exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pools' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    await shoot(page, 'unsaved-changes-dialog-light-desktop');
    await leave.getByRole('button', { name: 'Cancel' }).click();
    await leave.waitFor({ state: 'hidden' });
    expect(page.url()).toContain(`/hosts/${ids.host}`);
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.getByText('No unsaved changes', { exact: true }).waitFor();

    const doomed = await api.call('POST', '/api/v1/hosts', { serverNames: ['old.test'], locations: [{ path: '/', action: { kind: 'return', status: 410 } }] });
    await page.goto(`${portico.dashboard}/hosts/${doomed.json.host.id}`);
    await page.getByRole('button', { name: 'Delete host' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete old.test?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await api.call('GET', `/api/v1/hosts/${doomed.json.host.id}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Delete host' }).click();
    await confirm.getByRole('button', { name: 'Delete host' }).click();
    await page.waitForURL(`${portico.dashboard}/hosts`);
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Deleted old.test' }))).toMatch(/Applied in \d+ ms/);
    expect((await api.call('GET', `/api/v1/hosts/${doomed.json.host.id}`)).status).toBe(404);
    expect(session.problems).toEqual([]);
  }, 60_000);

});
