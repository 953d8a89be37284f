// Every page of the dashboard photographed light and dark, at desktop (1280) and phone
// (390) widths, with a small configuration in place; the phone's folded navigation too.
// The pictures land in test-results/screenshots for people to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { seedConfiguration, shoot, watchDialogs } from './dashboard-helpers.ts';

let portico: Portico;
let api: ApiClient;
let upstreams: EchoUpstream[];
let ids: { pool: string; host: string };
let traffic: ReturnType<typeof setInterval> | undefined;

beforeAll(async () => {
  [portico, ...upstreams] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a'), startEchoUpstream(undefined, 'b')]);
  api = await signIn(portico.dashboard);
  ids = await seedConfiguration(api, upstreams.map((u) => u.address));
  await api.call('POST', '/api/v1/hosts', { serverNames: ['docs.test'], entrypoints: ['http'], locations: [{ path: '/', action: { kind: 'redirect', status: 301, url: 'https://docs.example.com$request_uri' } }] });
  await api.call('POST', '/api/v1/users', { email: 'editor@example.com', password: 'an-editor-password', role: 'EDITOR' });
  await api.call('POST', '/api/v1/tokens', { name: 'deploy script', scope: 'WRITE', expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() });
  await api.call('POST', '/api/v1/cache-zones', { name: 'static_cache', maxSizeBytes: 1024 ** 3 });
  await api.call('POST', '/api/v1/limit-zones', { name: 'per_ip', kind: 'REQUEST', rate: { count: 10, per: 'second' } });
  // Cache the /item/ pages for a few seconds, so the cache chart has hits, misses and expiries to draw.
  const shop = (await api.call('GET', `/api/v1/hosts/${ids.host}`)).json.host;
  const locations = shop.locations.map(({ id: _id, ...l }: { id: string; path: string }) => l);
  locations.push({ path: '/item/', action: { kind: 'proxy', poolId: ids.pool }, policies: { cache: { zone: 'static_cache', valid: [{ statuses: [200], ttlMs: 3000 }] } } });
  expect((await api.call('PUT', `/api/v1/hosts/${ids.host}`, { serverNames: shop.serverNames, locations })).status).toBe(200);
  for (let i = 0; i < 6; i++) await request(portico.ports.http, `/item/${i}`, { headers: { host: 'shop.test' } });
  // Steady traffic while the pages are photographed, so the live charts have something to draw:
  // mostly successes, some redirects, the odd 404 for an unknown host.
  let n = 0;
  traffic = setInterval(() => {
    n++;
    const host = n % 7 === 0 ? 'nope.test' : n % 3 === 0 ? 'docs.test' : 'shop.test';
    void request(portico.ports.http, n % 2 ? `/api/orders/${n}` : `/item/${n % 8}`, { headers: { host } }).catch(() => undefined);
  }, 40);
}, 180_000);

afterAll(async () => {
  clearInterval(traffic);
  await Promise.all([portico?.stop(), ...(upstreams ?? []).map((u) => u.close())]);
});

const VARIANTS = [
  { colorScheme: 'light', width: 1280, suffix: 'light-desktop' },
  { colorScheme: 'dark', width: 1280, suffix: 'dark-desktop' },
  { colorScheme: 'light', width: 390, suffix: 'light-phone' },
  { colorScheme: 'dark', width: 390, suffix: 'dark-phone' },
] as const;

describe('screenshots', () => {
  it.each(VARIANTS)('photographs every page: $suffix', async (variant) => {
    const pages = [
      ['overview', '/'],
      ['hosts', '/hosts'],
      ['host-editor', `/hosts/${ids.host}`],
      ['host-new', '/hosts/new'],
      ['pools', '/pools'],
      ['pool-editor', `/pools/${ids.pool}`],
      ['pool-new', '/pools/new'],
      ['settings-account', '/settings/account'],
      ['settings-tokens', '/settings/tokens'],
      ['settings-users', '/settings/users'],
      ['audit', '/audit'],
      ['live', '/live'],
      ['logs', '/logs'],
      ['trace', `/trace?url=${encodeURIComponent('http://shop.test/api/orders?page=2')}`],
      ['versions', '/versions'],
      ['import', '/import'],
      ['restore', '/import?tab=restore'],
      ['export', '/import?tab=export'],
      ['certificates', '/certificates'],
      ['settings-proxy', '/settings/proxy'],
      ['settings-zones', '/settings/zones'],
      ['settings-acme', '/settings/acme'],
      ['settings-backups', '/settings/backups'],
    ] as const;
    const shots = await openBrowser({ width: variant.width, height: variant.width < 600 ? 844 : 800, colorScheme: variant.colorScheme });
    watchDialogs(shots.page);
    try {
      await shots.page.goto(`${portico.dashboard}/login`);
      await shots.page.getByRole('button', { name: 'Sign in' }).waitFor();
      await shoot(shots.page, `login-${variant.suffix}`);
      // Reuse the API session: a sign-in per variant would run into the sign-in rate limit.
      const [name, value] = api.cookie.split('=') as [string, string];
      await shots.browser.addCookies([{ name, value, url: portico.dashboard }]);
      for (const [shot, path] of pages) {
        await shots.page.goto(`${portico.dashboard}${path}`);
        await shots.page.locator('main h1').first().waitFor();
        if (shot === 'host-editor') await shots.page.getByRole('button', { name: /^\/api\// }).click();
        if (shot === 'pool-editor') await shots.page.getByRole('region', { name: 'Live status' }).getByRole('table').waitFor();
        if (shot === 'live') await shots.page.getByRole('list').filter({ hasText: upstreams[0]!.address }).waitFor();
        if (shot === 'logs') await shots.page.getByRole('table', { name: /Access log lines/ }).waitFor();
        if (shot === 'trace') await shots.page.getByRole('region', { name: 'Server selection' }).waitFor();
        if (shot === 'versions') await shots.page.getByRole('button', { name: 'Changes in revision 3' }).click();
        if (shot === 'versions') await shots.page.locator('#version-3 li').first().waitFor();
        if (shot === 'import') {
          await shots.page.getByRole('button', { name: 'Load an example' }).click();
          await shots.page.getByRole('button', { name: 'Preview import' }).click();
          await shots.page.getByRole('region', { name: 'Preview' }).getByRole('heading', { name: /^Warnings/ }).waitFor();
        }
        if (shot === 'settings-backups') await shots.page.getByText(/No backups yet|\.db/).first().waitFor();
        await shoot(shots.page, `${shot}-${variant.suffix}`);
      }
      if (variant.width < 600) {
        // The phone layout folds the navigation behind a menu button.
        await shots.page.getByRole('button', { name: 'Open menu' }).click();
        await shoot(shots.page, `nav-open-${variant.suffix}`);
        await shots.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).click();
        await shots.page.waitForURL(`${portico.dashboard}/hosts`);
        await shots.page.getByRole('button', { name: 'Open menu' }).waitFor();
      }
      expect(shots.problems).toEqual([]);
    } finally {
      await shots.close();
    }
  }, 180_000);
});
