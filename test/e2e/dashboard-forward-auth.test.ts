// Putting a site behind a login in the dashboard: the host editor's Forward authentication
// section with the Authelia preset and the auth service's address, saved and applied (a
// refused user gets 401, a signed-in one reaches the upstream as Remote-User), and the
// tracer showing the auth request before the upstream request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startForwardAuthService, type ForwardAuthService } from '../helpers/forward-auth-service.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { openDashboardBrowser, signInThroughForm } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let app: EchoUpstream;
let auth: ForwardAuthService;
let hostId: string;

beforeAll(async () => {
  [portico, app, auth] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'app'), startForwardAuthService()]);
  api = await signIn(portico.dashboard);
  const created = await api.call('POST', '/api/v1/hosts', { serverNames: ['private.test'], locations: [{ path: '/', action: { kind: 'proxy', address: app.address } }] });
  hostId = created.json.host.id;
  session = await openDashboardBrowser();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), app?.close(), auth?.close()]);
});

describe('forward authentication in the dashboard', () => {
  it('puts a host behind Authelia from the host editor, and the tracer shows the auth step', async () => {
    const { page } = session;
    await signInThroughForm(page, portico.dashboard);
    await page.goto(`${portico.dashboard}/hosts/${hostId}`);
    const policies = page.getByRole('region', { name: 'Host-wide policies' });
    await policies.getByRole('button', { name: /^Forward authentication/ }).click();
    await policies.getByRole('switch', { name: 'Configure forward authentication for this host' }).click();
    await policies.getByLabel('Auth service', { exact: true }).selectOption('authelia');
    // The preset fills the path, the headers Authelia expects and the ones it answers with.
    expect(await policies.getByLabel('Path', { exact: true }).inputValue()).toBe('/api/authz/auth-request');
    await policies.getByLabel('Address', { exact: true }).fill(auth.address);
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);

    const saved = (await api.call('GET', `/api/v1/hosts/${hostId}`)).json.host.policies.forwardAuth;
    expect(saved).toMatchObject({ preset: 'authelia', address: auth.address, path: '/api/authz/auth-request', copyHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Email', 'Remote-Name'] });
    const refused = await request(portico.ports.http, '/', { headers: { host: 'private.test' } });
    expect(refused.status).toBe(401);
    const granted = await request(portico.ports.http, '/', { headers: { host: 'private.test', 'x-user': 'alice' } });
    expect(granted.status).toBe(200);
    expect(JSON.parse(granted.body).headers['remote-user']).toBe('alice');
    expect(auth.log.at(-1)?.target).toBe('/api/authz/auth-request');

    await page.goto(`${portico.dashboard}/trace`);
    await page.getByLabel('URL').fill('http://private.test/reports?y=2026');
    await page.getByRole('button', { name: 'Trace request' }).click();
    const step = page.getByRole('region', { name: 'Forward authentication' });
    const asked = await visibleText(step.getByLabel(/Asked first/));
    expect(asked).toContain('GET /api/authz/auth-request HTTP/1.1');
    expect(asked).toContain('X-Original-URL: http://private.test/reports?y=2026');
    expect(await visibleText(step)).toContain('Remote-User');
    expect(session.problems).toEqual([]);
  }, 90_000);
});
