// What a new user hit in the dashboard (issue 15), each kept fixed in a real browser:
// figures that say their window and follow the range, requests refused by limits told
// apart from errors, a cache chart without empty series, long input that neither echoes
// nor widens a page, plain validation messages, names instead of ids in the audit log,
// version diffs that open, a 404 page with the navigation, token expiries in order,
// counts in English, and a pool in use that links to its locations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, visibleText, type BrowserSession, type Page } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { expectOnlyProblems, fieldError, openDashboardBrowser, seedConfiguration, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let upstream: EchoUpstream;
let ids: { pool: string; host: string };

/** A DNS name of exactly 253 characters: the longest a server name can be. */
const LONGEST_NAME = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
const HUGE = 'x'.repeat(10_000);

beforeAll(async () => {
  [portico, upstream] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a')]);
  api = await signIn(portico.dashboard);
  ids = await seedConfiguration(api, [upstream.address]);
  const ok = (res: { status: number; json: unknown }) => expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
  ok(await api.call('POST', '/api/v1/limit-zones', { name: 'slow', kind: 'REQUEST', rate: { count: 1, per: 'minute' } }));
  ok(await api.call('POST', '/api/v1/cache-zones', { name: 'pages' }));
  const proxy = { kind: 'proxy', address: upstream.address };
  // Ten requests pass (one and a burst of nine); every later one is refused with 429.
  ok(await api.call('POST', '/api/v1/hosts', { serverNames: ['limits.test'], locations: [{ path: '/', action: proxy, policies: { rateLimits: [{ zone: 'slow', burst: 9, nodelay: true, status: 429 }] } }] }));
  ok(await api.call('POST', '/api/v1/hosts', { serverNames: ['cache.test'], locations: [{ path: '/', action: proxy, policies: { cache: { zone: 'pages', valid: [{ statuses: [200], ttlMs: 600_000 }] } } }] }));
  ok(await api.call('POST', '/api/v1/hosts', { serverNames: ['one.test'], locations: [{ path: '/', action: proxy }] }));
  // The longest values the model accepts, for the pages to lay out.
  ok(await api.call('POST', '/api/v1/pools', { name: 'p'.repeat(64), servers: [{ address: `${LONGEST_NAME}:8080` }] }));
  ok(await api.call('POST', '/api/v1/hosts', { serverNames: [LONGEST_NAME], locations: [{ path: `/${'l'.repeat(2047)}`, action: proxy }] }));
  ok(await api.call('POST', '/api/v1/tokens', { name: 't'.repeat(100), scope: 'READ' }));
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), upstream?.close()]);
});

const summaryText = (page: Page) => visibleText(page.getByRole('group', { name: 'Traffic summary' }));

describe('traffic figures', () => {
  it('tells limited requests apart from errors, names the window of every figure, and follows the range', async () => {
    const { page } = session;
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await request(portico.ports.http, `/item/${i}`, { headers: { host: 'limits.test' } })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
    await request(portico.ports.http, '/', { headers: { host: 'one.test' } });

    await page.goto(`${portico.dashboard}/live`);
    await page.getByLabel('Host').selectOption('limits.test');
    await waitFor('the summary to count the requests', async () => (await summaryText(page)).includes('35 requests'), 10_000, 100);
    const live = await summaryText(page);
    // 25 of 35 refused by the rate limit: 71.4 % limited, and no client or server errors.
    expect(live).toMatch(/Limited\s*71\.4%/);
    expect(live).toMatch(/Client errors\s*0%/);
    expect(live).toMatch(/Server errors\s*0%/);
    expect(live).toContain('25 of 35 requests');
    // Every figure says its window; the rate is the window's average, not the last second's.
    for (const figure of ['Requests/s', 'Server errors', 'Client errors', 'Limited', 'p95 response time', 'Cache hit ratio']) expect(live).toContain(figure);
    expect(live.match(/last minute/g)?.length).toBe(6);

    // The 1 h range drives every figure: the last hour, with the minute not yet written to the history.
    await page.getByRole('radio', { name: '1 h' }).check({ force: true });
    await waitFor('the hour figures', async () => (await summaryText(page).catch(() => '')).includes('last hour'), 10_000, 100);
    const hour = await summaryText(page);
    expect(hour).not.toContain('last minute');
    expect(hour).toContain('35 requests');
    expect(hour).toMatch(/Limited\s*71\.4%/);
    await shoot(page, 'live-limited-hour-light-desktop');

    // The overview: the same figures, and the busiest hosts over the range chosen there.
    await page.goto(`${portico.dashboard}/`);
    const top = page.getByRole('region', { name: 'Top hosts' });
    await top.getByRole('link', { name: 'limits.test' }).waitFor();
    expect(await visibleText(top)).toContain('over the last minute');
    await page.getByRole('radio', { name: '1 h' }).check({ force: true });
    await waitFor('the hour on the overview', async () => (await visibleText(top)).includes('over the last hour'), 10_000, 100);
    await waitFor('the busiest hosts of the hour', async () => /35 requests · 25 limited/.test(await visibleText(top)), 10_000, 100);
    expect(await visibleText(page.getByRole('heading', { name: /^Traffic,/ }))).toBe('Traffic, last hour');
    // Counts read as English: "1 request", never "1 requests" or "1 request(s)".
    await top.getByRole('listitem').filter({ hasText: 'one.test' }).getByText('1 request', { exact: true }).waitFor();
    await shoot(page, 'overview-hour-light-desktop');
    expect(session.problems).toEqual([]);
  }, 90_000);

  it('draws only the cache statuses that occurred', async () => {
    const { page } = session;
    for (let i = 0; i < 3; i++) await request(portico.ports.http, '/cached', { headers: { host: 'cache.test' } });
    await page.goto(`${portico.dashboard}/live`);
    const cache = page.getByRole('figure', { name: 'Cache statuses per second' });
    await waitFor('the cache lookups', async () => /hit 2, miss 1/.test((await cache.locator('figcaption').textContent()) ?? ''), 10_000, 100);
    expect(await cache.locator('ul li').allTextContents()).toEqual(['Hit', 'Miss']);
    expect(await cache.locator('.recharts-area').count()).toBe(2);
    expect(session.problems).toEqual([]);
  }, 60_000);
});

/**
 * The page is no wider than the window: nothing (a name, an error, a chip) pushes it
 * sideways. When something does, the innermost element sticking out is named.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number; culprit: string } | null> {
  return page.evaluate(() => {
    const { scrollWidth } = document.documentElement;
    const { innerWidth } = window;
    if (scrollWidth <= innerWidth) return null;
    const out = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > innerWidth + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > innerWidth + 1));
    const el = out[0];
    const culprit = el ? `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${(el.textContent ?? '').slice(0, 40)} (in <${el.parentElement?.tagName.toLowerCase()} class="${el.parentElement?.getAttribute('class') ?? ''}">)` : 'unknown';
    return { scrollWidth, innerWidth, culprit };
  });
}

describe('long input', () => {
  it('is cut at the model’s limit in every form, and the errors do not repeat it', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/hosts/new`);
    const names = page.locator('#host-serverNames');
    await names.fill(HUGE);
    expect((await names.inputValue()).length).toBe(253);
    await names.press('Enter');
    await page.getByRole('button', { name: 'Create host' }).click();
    const error = await visibleText(fieldError(page, 'host-serverNames'));
    expect(error.length).toBeLessThan(400);
    expect(await overflow(page)).toBeNull();

    await page.goto(`${portico.dashboard}/pools/new`);
    await page.locator('#pool-name').fill(HUGE);
    expect((await page.locator('#pool-name').inputValue()).length).toBe(64);
    const address = page.locator('#pool-servers-0-address');
    await address.fill(HUGE);
    expect((await address.inputValue()).length).toBe(259);
    await page.getByRole('button', { name: 'Create pool' }).click();
    expect((await visibleText(fieldError(page, 'pool-servers-0-address'))).length).toBeLessThan(200);
    expect(await overflow(page)).toBeNull();
    await shoot(page, 'pool-long-input-light-desktop');

    // The API keeps the same limits, and its errors never repeat what it was sent at length.
    const res = await api.call('POST', '/api/v1/pools', { name: 'long', servers: [{ address: HUGE }], [HUGE]: 1 });
    expect(res.status).toBe(422);
    expect(res.json.error.message.length).toBeLessThan(1000);
    expect(JSON.stringify(res.json).includes('x'.repeat(100))).toBe(false);
    expectOnlyProblems(session, /status of 422/);
  }, 60_000);

  it('never makes a page wider than the window, at phone and desktop widths', async () => {
    const pages = ['/', '/hosts', `/hosts/${ids.host}`, '/hosts/new', '/pools', `/pools/${ids.pool}`, '/live', '/logs', '/trace', '/versions', '/audit', '/import', '/certificates', '/streams', '/settings/proxy', '/settings/zones', '/settings/tokens', '/settings/users', '/settings/account', '/settings/sign-in', '/settings/acme', '/settings/backups', `/no-such-page/${HUGE.slice(0, 2000)}`];
    const hosts = (await api.call('GET', '/api/v1/hosts')).json.hosts as { id: string; serverNames: string[] }[];
    const longHost = hosts.find((h) => h.serverNames[0] === LONGEST_NAME)!;
    const pools = (await api.call('GET', '/api/v1/pools')).json.pools as { id: string; name: string }[];
    pages.push(`/hosts/${longHost.id}`, `/pools/${pools.find((p) => p.name.length === 64)!.id}`);
    const wide: string[] = [];
    for (const width of [390, 1280]) {
      const browser = await openBrowser({ width, height: 844 });
      try {
        const [name, value] = api.cookie.split('=') as [string, string];
        await browser.browser.addCookies([{ name, value, url: portico.dashboard }]);
        for (const path of pages) {
          await browser.page.goto(`${portico.dashboard}${path}`);
          // Any page's heading (the framework's own 404 has no <main>).
          await browser.page.locator('main h1, body h1').first().waitFor();
          // Open what holds the long values: the locations of a host, the audit log's details.
          if (path === `/hosts/${longHost.id}`) await browser.page.getByRole('button', { name: /^\/l+/ }).first().click();
          const over = await overflow(browser.page);
          if (over) wide.push(`${path.slice(0, 40)} at ${width}: ${over.scrollWidth} > ${over.innerWidth}, ${over.culprit}`);
        }
      } finally {
        await browser.close();
      }
    }
    expect(wide).toEqual([]);
  }, 180_000);
});

describe('validation messages', () => {
  it('say what is wrong in plain words: a rate that is not a number, a port out of range', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/zones`);
    await page.getByRole('button', { name: 'New limit zone' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('per_key');
    await dialog.getByLabel('Rate', { exact: true }).fill('abc');
    await dialog.getByRole('button', { name: 'Save zone' }).click();
    const rate = await visibleText(dialog.locator('[data-field-error]').first());
    expect(rate).toBe('enter a whole number');
    await dialog.getByLabel('Rate', { exact: true }).fill('0');
    await dialog.getByLabel('Name', { exact: true }).click();
    expect(await visibleText(dialog.locator('[data-field-error]').first())).toBe('the rate must be at least 1 request');
    await shoot(page, 'zone-rate-error-light-desktop');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${portico.dashboard}/pools/${ids.pool}`);
    // The page streams in: for a moment the document can hold the form twice (the streamed
    // copy not yet moved into place); wait until it has settled on one.
    await expect.poll(() => page.locator('#pool-servers-0-address').count()).toBe(1);
    await page.locator('#pool-servers-0-address').fill('10.0.0.1:99999');
    await page.locator('#pool-name').click();
    expect(await visibleText(fieldError(page, 'pool-servers-0-address'))).toBe('the port must be a number from 1 to 65535');
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('pages', () => {
  it('name objects in the audit log, never ids or internal words', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/audit`);
    const table = page.getByRole('table');
    await table.getByText('Created host shop.test').first().waitFor();
    const text = (await table.textContent()) ?? '';
    for (const internal of ['cacheZone', 'limitZone', 'apiToken', 'host.create', 'pool.create', 'token.create']) expect(text).not.toContain(internal);
    // No cuid anywhere a person reads.
    expect(text).not.toMatch(/\bc[a-z0-9]{24}\b/);
    expect(text).toContain('Created cache zone pages');
    expect(text).toContain('Created limit zone slow');
    expect(await page.getByRole('option').allTextContents()).toContain('Cache zone');
    // The pool a location sends to is named in the change.
    await page.getByRole('button', { name: 'Details: Created host shop.test' }).click();
    await page.getByRole('table', { name: /Fields changed/ }).getByText(/^pool backend/).first().waitFor();
    await shoot(page, 'audit-names-light-desktop');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('open an added object in a version diff', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/versions`);
    await page.getByRole('button', { name: 'Changes in revision 2' }).click();
    const diff = page.locator('#version-2');
    const show = diff.getByRole('button', { name: /^Show what it holds \(\d+ fields\) of shop\.test$/ });
    await show.click();
    const fields = diff.getByRole('table', { name: 'Fields of shop.test as added' });
    await fields.getByText('serverNames.0').waitFor();
    await fields.getByText('locations.0.path').waitFor();
    await shoot(page, 'version-added-open-light-desktop');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('answer an unknown address with a 404 page inside the navigation (and the API with JSON)', async () => {
    const { page } = session;
    const res = await page.goto(`${portico.dashboard}/no-such-page`);
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Hosts' }).waitFor();
    await page.getByRole('link', { name: 'Overview' }).first().waitFor();
    await shoot(page, 'not-found-light-desktop');
    const missing = await api.call('GET', '/api/v1/no-such-endpoint');
    expect([missing.status, missing.json.error.code]).toEqual([404, 'not_found']);
    expectOnlyProblems(session, /status of 404/);
  }, 60_000);

  it('offer token expiries shortest first', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/tokens`);
    await page.getByRole('button', { name: 'Create token' }).click();
    const expiry = page.getByRole('dialog').getByLabel('Expires after');
    expect(await expiry.locator('option').allTextContents()).toEqual(['7 days', '30 days', '90 days', '1 year', 'Never']);
    expect(await expiry.inputValue()).toBe('90');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('link a pool in use to the locations that use it', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/pools/${ids.pool}`);
    await page.getByRole('button', { name: 'Delete pool' }).click();
    const dialog = page.getByRole('dialog', { name: 'backend is in use' });
    const links = dialog.getByRole('list', { name: 'Locations that use this pool' }).getByRole('link');
    expect(await links.allTextContents()).toEqual(['shop.test /']);
    await shoot(page, 'pool-in-use-light-desktop');
    await links.first().click();
    await page.waitForURL(/\/hosts\/[^/#]+#location-/);
    await page.getByRole('region', { name: 'Location / settings' }).waitFor();
    // The API says the same, with the locations in its details.
    const refused = await api.call('DELETE', `/api/v1/pools/${ids.pool}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('used by 1 location (shop.test /)');
    expect(refused.json.error.details.usedBy).toEqual([expect.objectContaining({ hostId: ids.host, host: 'shop.test', path: '/' })]);
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('screenshots of the changed pages', () => {
  const VARIANTS = [
    { colorScheme: 'light', width: 1280, suffix: 'light-desktop' },
    { colorScheme: 'dark', width: 1280, suffix: 'dark-desktop' },
    { colorScheme: 'light', width: 390, suffix: 'light-phone' },
    { colorScheme: 'dark', width: 390, suffix: 'dark-phone' },
  ] as const;

  it.each(VARIANTS)('$suffix', async (variant) => {
    // Traffic of every kind while the pages are photographed: hits, misses, passes and limits.
    let n = 0;
    const traffic = setInterval(() => {
      n++;
      const host = n % 3 === 0 ? 'cache.test' : n % 3 === 1 ? 'limits.test' : 'shop.test';
      void request(portico.ports.http, `/p/${n % 5}`, { headers: { host } }).catch(() => undefined);
    }, 50);
    const shots = await openBrowser({ width: variant.width, height: variant.width < 600 ? 844 : 800, colorScheme: variant.colorScheme });
    try {
      const [name, value] = api.cookie.split('=') as [string, string];
      await shots.browser.addCookies([{ name, value, url: portico.dashboard }]);
      const { page } = shots;
      await page.goto(`${portico.dashboard}/`);
      await page.getByRole('group', { name: 'Traffic summary' }).waitFor();
      await shoot(page, `rough-overview-${variant.suffix}`);
      await page.goto(`${portico.dashboard}/live`);
      await page.getByRole('figure', { name: 'Cache statuses per second' }).waitFor();
      await waitFor('the charts to fill', async () => (await page.getByRole('figure', { name: 'Cache statuses per second' }).locator('ul li').count()) > 0, 10_000, 200);
      await shoot(page, `rough-live-${variant.suffix}`);
      await page.goto(`${portico.dashboard}/audit`);
      await page.getByRole('table').waitFor();
      await shoot(page, `rough-audit-${variant.suffix}`);
      await page.goto(`${portico.dashboard}/versions`);
      await page.getByRole('button', { name: 'Changes in revision 2' }).click();
      await page.locator('#version-2').getByRole('button', { name: /^Show what it holds/ }).click();
      await shoot(page, `rough-version-open-${variant.suffix}`);
      await page.goto(`${portico.dashboard}/no-such-page`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      // The 404 is rendered in the browser: it still takes the theme.
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(variant.colorScheme === 'dark');
      await shoot(page, `rough-not-found-${variant.suffix}`);
      await page.goto(`${portico.dashboard}/pools/${ids.pool}`);
      await page.getByRole('button', { name: 'Delete pool' }).click();
      await page.getByRole('dialog', { name: 'backend is in use' }).waitFor();
      await shoot(page, `rough-pool-in-use-${variant.suffix}`);
      const longHost = ((await api.call('GET', '/api/v1/hosts')).json.hosts as { id: string; serverNames: string[] }[]).find((h) => h.serverNames[0] === LONGEST_NAME)!;
      await page.goto(`${portico.dashboard}/hosts/${longHost.id}`);
      await page.getByRole('button', { name: /^\/l+/ }).first().click();
      await shoot(page, `rough-long-host-${variant.suffix}`);
      expectOnlyProblems(shots, /status of 404/);
    } finally {
      clearInterval(traffic);
      await shots.close();
    }
  }, 120_000);
});
