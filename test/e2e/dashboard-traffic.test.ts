// Traffic pages in a real browser against a real Portico: the live chart moves within
// three seconds of requests through the engine, the logs are searched and tailed live,
// and the tracer explains a request step by step (and agrees with what the upstream saw).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { openDashboardBrowser, seedConfiguration, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let upstreams: EchoUpstream[];

beforeAll(async () => {
  [portico, ...upstreams] = await Promise.all([startPortico(), startEchoUpstream(undefined, 'a'), startEchoUpstream(undefined, 'b')]);
  api = await signIn(portico.dashboard);
  await seedConfiguration(api, upstreams.map((u) => u.address));
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), ...(upstreams ?? []).map((u) => u.close())]);
});

/** The request count the requests chart states for its window (its caption, for screen readers). */
async function chartedRequests(): Promise<number> {
  const caption = await session.page.getByRole('figure', { name: 'Requests per second by status class' }).locator('figcaption').textContent();
  return Number(/^(\d+) requests/.exec(caption ?? '')?.[1] ?? NaN);
}

describe('live traffic', () => {
  // Live means the one-second stream, not the minute rollups: the bound is generous for a
  // loaded machine (the time taken is printed; it is about 1–2 s on a quiet one).
  it('moves the live chart with the traffic through the engine, well before a minute rollup', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/live`);
    await page.getByRole('status').filter({ hasText: 'Live' }).first().waitFor();
    const before = await chartedRequests();
    expect(before).toBe(0);

    const sent = Date.now();
    for (let i = 0; i < 20; i++) await request(portico.ports.http, `/item/${i}`, { headers: { host: 'shop.test' } });
    for (let i = 0; i < 5; i++) await request(portico.ports.http, '/', { headers: { host: 'unknown.test' } });
    await waitFor('the chart to count the requests', async () => (await chartedRequests()) >= 25, 15_000, 50);
    console.log(`live chart: counted 25 requests ${Date.now() - sent} ms after the first was sent`);

    // The summary reads the same stream; the per-server charts show both upstreams.
    // The rate is the window's average, and the figure says which window.
    expect(await visibleText(page.getByRole('group', { name: 'Traffic summary' }))).toMatch(/Requests\/s\s*0?\.?[1-9][\d.]*\s*.*Average, last minute · 25 requests/);
    for (const u of upstreams) await page.getByRole('heading', { name: u.address }).waitFor();

    // Filtering by host: the unknown-host 404s drop out of the chart.
    await page.getByLabel('Host').selectOption('shop.test');
    await waitFor('the host filter', async () => (await chartedRequests()) === 20, 15_000, 50);
    await shoot(page, 'live-traffic-light-desktop');

    // History from the per-minute rollups, without reloading the page.
    await page.getByRole('radio', { name: '1 h' }).check({ force: true });
    await page.getByRole('figure', { name: 'Requests per second by status class' }).waitFor();
    await page.getByText('Per-server latency is kept second by second').waitFor();
    await page.getByRole('radio', { name: 'Live' }).check({ force: true });
    await page.getByRole('heading', { name: upstreams[0]!.address }).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('shows the live summary, the busiest hosts and unhealthy servers on the overview, and sparklines on the hosts list', async () => {
    const { page } = session;
    // A pool whose only server refuses connections fails its health check.
    const flaky = await api.call('POST', '/api/v1/pools', { name: 'flaky', servers: [{ address: '127.0.0.1:9' }], healthCheck: { intervalMs: 200, timeoutMs: 100 } });
    expect(flaky.status).toBe(201);
    await waitFor('the health check to fail', async () => (await api.call('GET', `/api/v1/pools/${flaky.json.pool.id}/health`)).json.servers?.[0]?.status === 'unhealthy', 10_000, 100);
    for (let i = 0; i < 10; i++) await request(portico.ports.http, `/item/${i}`, { headers: { host: 'shop.test' } });
    await page.goto(`${portico.dashboard}/`);
    const top = page.getByRole('region', { name: 'Top hosts' });
    await top.getByRole('link', { name: 'shop.test' }).waitFor();
    const sick = page.getByRole('region', { name: 'Unhealthy servers' });
    expect(await visibleText(sick.getByRole('listitem'))).toMatch(/Unhealthy\s*127\.0\.0\.1:9\s*in flaky/);
    await page.goto(`${portico.dashboard}/hosts`);
    await page.getByRole('row', { name: /shop\.test.*requests in the last minute/ }).waitFor();
    // The live page lists the health change among the stream's events, linked to the pool.
    await page.goto(`${portico.dashboard}/live`);
    const events = page.getByRole('region', { name: 'Events' });
    const down = events.getByRole('listitem').filter({ hasText: '127.0.0.1:9 left rotation by health check' });
    await down.waitFor();
    expect(await visibleText(down)).toMatch(/server down/);
    expect(await down.getByRole('link').getAttribute('href')).toBe(`/pools/${flaky.json.pool.id}`);
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('logs', () => {
  it('searches the access log by status and by request id', async () => {
    const { page } = session;
    await request(portico.ports.http, '/missing', { headers: { host: 'nothing-here.test' } });
    await page.goto(`${portico.dashboard}/logs`);
    const results = page.getByRole('table', { name: /Access log lines/ });
    await results.waitFor();
    await page.getByLabel('Status').fill('4xx');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').filter({ hasText: /\d+ lines? match/ }).waitFor();
    const statuses = await results.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => /^4\d\d$/.test(s.trim()))).toBe(true);
    expect(page.url()).toContain('status=4xx');

    // A request id finds that request's lines.
    const id = (await results.locator('tbody tr').first().locator('td').last().textContent())!.trim();
    await results.getByRole('button', { name: id }).click();
    await page.getByRole('status').filter({ hasText: '1 line match' }).waitFor();
    expect(await page.getByLabel('Request id').inputValue()).toBe(id);

    await page.getByLabel('Status').fill('abc');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await visibleText(page.locator('#logs-status-error'))).toContain('5xx');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('pages to older lines with the cursor', async () => {
    const { page } = session;
    for (let i = 0; i < 120; i++) await request(portico.ports.http, `/older-${i}`, { headers: { host: 'nothing-here.test' } });
    await page.goto(`${portico.dashboard}/logs?path=${encodeURIComponent('/older-')}`);
    const results = page.getByRole('table', { name: /Access log lines/ });
    await page.getByRole('status').filter({ hasText: '100 lines match' }).waitFor();
    expect((await results.locator('tbody tr').first().textContent())).toContain('/older-119');
    await page.getByRole('button', { name: 'Older lines' }).click();
    await page.getByRole('status').filter({ hasText: '120 lines match' }).waitFor();
    expect((await results.locator('tbody tr').last().textContent())).toContain('/older-0');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('tails requests live as they complete', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/logs`);
    await page.getByRole('radio', { name: 'Live tail' }).check({ force: true });
    await page.getByRole('status').filter({ hasText: 'Tailing' }).waitFor();
    const marker = `/tail-${Date.now()}`;
    const sent = Date.now();
    await request(portico.ports.http, marker, { headers: { host: 'shop.test' } });
    await page.getByRole('table', { name: /Requests as they complete/ }).getByText(marker).waitFor({ timeout: 15_000 });
    console.log(`live tail: the request listed ${Date.now() - sent} ms after it was sent`);
    await shoot(page, 'logs-tail-light-desktop');

    // Paused, the list holds still and counts what arrives meanwhile.
    await page.getByRole('button', { name: 'Pause' }).click();
    await request(portico.ports.http, `${marker}-later`, { headers: { host: 'shop.test' } });
    await page.getByRole('status').filter({ hasText: 'Paused · 1 newer' }).waitFor();
    expect(await page.getByText(`${marker}-later`).count()).toBe(0);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByText(`${marker}-later`).waitFor();
    expect(session.problems).toEqual([]);
  }, 60_000);
});

describe('trace', () => {
  it('explains which host and location match, and shows the upstream request as it is sent', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/trace`);
    await page.getByLabel('URL').fill('http://shop.test/api/orders?page=2');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('X-Trace-Me');
    await page.getByLabel('Header 1 value').fill('yes');
    await page.getByRole('button', { name: 'Trace request' }).click();

    const host = page.getByRole('region', { name: 'Host' });
    expect(await visibleText(host)).toContain('is exactly the server name “shop.test”');
    const location = page.getByRole('region', { name: 'Location' });
    expect(await visibleText(location)).toContain('location /api/');
    expect(await location.textContent()).toContain('longest prefix');
    const upstream = await visibleText(page.getByLabel(/Sent exactly like this/));
    expect(upstream).toContain('GET /orders?page=2 HTTP/1.1');
    expect(upstream).toContain('X-Trace-Me: yes');
    await page.getByRole('region', { name: 'Server selection' }).getByText(upstreams[1]!.address).first().waitFor();
    await shoot(page, 'trace-result-light-desktop');

    // The trace agrees with the request as the upstream then really sees it.
    const before = upstreams[1]!.seen.length;
    await request(portico.ports.http, '/api/orders?page=2', { headers: { host: 'shop.test', 'X-Trace-Me': 'yes' } });
    const seen = upstreams[1]!.seen.slice(before)[0]!;
    expect(upstream).toContain(`GET ${seen.url} HTTP/1.1`);
    expect(upstream).toContain(`Host: ${seen.headers.host}`);

    // No host: Portico answers itself.
    await page.getByLabel('URL').fill('http://nobody.test/');
    await page.getByRole('button', { name: 'Trace request' }).click();
    const answer = page.getByRole('region', { name: 'Portico answers itself' });
    expect(await visibleText(answer)).toContain('HTTP/1.1 404');
    expect(session.problems).toEqual([]);
  }, 60_000);

  it('says at the field what is wrong with the request', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/trace`);
    await page.getByLabel('URL').fill('shop.test/no-scheme');
    await page.getByRole('button', { name: 'Trace request' }).click();
    expect(await visibleText(page.locator('#trace-url-error'))).toContain('absolute http:// or https:// URL');
    expect(await page.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    expect(session.problems).toEqual([]);
  }, 30_000);
});
