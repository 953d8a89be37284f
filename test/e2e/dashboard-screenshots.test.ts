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

beforeAll(async () => {
  [portico, ...upstreams] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a'), startEchoUpstream(undefined, 'b')]);
  api = await signIn(portico.dashboard);
  ids = await seedConfiguration(api, upstreams.map((u) => u.address));
  await api.call('POST', '/api/v1/hosts', { serverNames: ['docs.test'], entrypoints: ['http'], locations: [{ path: '/', action: { kind: 'redirect', status: 301, url: 'https://docs.example.com$request_uri' } }] });
  await api.call('POST', '/api/v1/users', { email: 'editor@example.com', password: 'an-editor-password', role: 'EDITOR' });
  await api.call('POST', '/api/v1/tokens', { name: 'deploy script', scope: 'WRITE', expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() });
  for (let i = 0; i < 6; i++) await request(portico.ports.http, `/item/${i}`, { headers: { host: 'shop.test' } });
}, 180_000);

afterAll(async () => {
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
  }, 90_000);
});
