// The Streams pages in a real browser against a real Portico: the editor makes SNI routes
// and passthrough streams on the HTTPS entrypoint (and refuses what the API would), the
// tracer explains which stream, route and pool a port and TLS name reach, and the Live
// page charts a stream's bytes and connections as they move. The pool editor sets the
// PROXY protocol a pool sends to its servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { startNamedTcpUpstream, streamClient, type RunningServer } from '../helpers/stream-servers.ts';
import { openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;
let upstream: RunningServer;
let routerPort: number;

interface StreamView {
  id: string;
  name: string;
  listenPort: number | null;
  entrypoint: string | null;
  poolId: string | null;
  address: string | null;
  sni: { serverNames: string[]; poolId: string | null; address: string | null }[];
}

beforeAll(async () => {
  [portico, upstream] = await Promise.all([startPortico(), startNamedTcpUpstream('t')]);
  api = await signIn(portico.dashboard);
  session = await openDashboardBrowser(portico.dashboard);
  routerPort = await freePort();
}, 180_000);

afterAll(async () => {
  await session?.close();
  await Promise.all([portico?.stop(), upstream?.stop()]);
});

async function streamNamed(name: string): Promise<StreamView | undefined> {
  const list = await api.call('GET', '/api/v1/streams');
  return (list.json.streams as StreamView[]).find((s) => s.name === name);
}

describe('the stream editor', () => {
  it('creates a stream with SNI routes and no default target', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/streams/new`);
    await page.getByLabel('Name', { exact: true }).fill('tls-router');
    await page.getByLabel('Port', { exact: true }).fill(String(routerPort));
    await page.getByRole('button', { name: 'Add SNI route' }).click();
    await page.getByLabel('Server names (route 1)').fill('db.example.test, *.apps.example.test');
    await page.getByLabel('Address (route 1)').fill(`127.0.0.1:${upstream.port}`);
    await page.locator('#stream-target').selectOption('none');
    await page.getByRole('button', { name: 'Create stream' }).click();
    await page.waitForURL(`${portico.dashboard}/streams`);
    const stream = await streamNamed('tls-router');
    expect(stream).toMatchObject({ listenPort: routerPort, entrypoint: null, poolId: null, address: null, sni: [{ serverNames: ['db.example.test', '*.apps.example.test'], address: `127.0.0.1:${upstream.port}`, poolId: null }] });
  });

  it('edits the routes of a stored stream', async () => {
    const { page } = session;
    const stored = (await streamNamed('tls-router'))!;
    await page.goto(`${portico.dashboard}/streams/${stored.id}`);
    expect(await page.getByLabel('Server names (route 1)').inputValue()).toBe('db.example.test, *.apps.example.test');
    await page.getByRole('button', { name: 'Add SNI route' }).click();
    await page.getByLabel('Server names (route 2)').fill('pg.example.test');
    await page.getByLabel('Address (route 2)').fill('127.0.0.1:5999');
    await page.getByRole('button', { name: 'Save stream' }).click();
    await page.waitForURL(`${portico.dashboard}/streams`);
    expect((await streamNamed('tls-router'))!.sni.map((r) => r.serverNames)).toEqual([['db.example.test', '*.apps.example.test'], ['pg.example.test']]);
  });

  it('refuses a passthrough stream without routes, and a name given twice, saving nothing', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/streams/new`);
    await page.getByLabel('Name', { exact: true }).fill('broken');
    await page.getByLabel('Listen on').selectOption('https');
    await page.getByRole('button', { name: 'Create stream' }).click();
    await page.getByText('a stream on the HTTPS entrypoint needs sni routes').waitFor();
    await page.getByRole('button', { name: 'Add SNI route' }).click();
    await page.getByLabel('Server names (route 1)').fill('a.example.test A.example.test');
    await page.getByLabel('Address (route 1)').fill('127.0.0.1:5998');
    await page.getByRole('button', { name: 'Create stream' }).click();
    await page.getByText('name 2: "a.example.test" appears twice').waitFor();
    expect(await streamNamed('broken')).toBeUndefined();
  });

  it('creates a passthrough stream on the HTTPS entrypoint', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/streams/new`);
    await page.getByLabel('Name', { exact: true }).fill('legacy');
    await page.getByLabel('Listen on').selectOption('https');
    expect(await page.getByLabel('Port', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add SNI route' }).click();
    await page.getByLabel('Server names (route 1)').fill('legacy.example.test');
    await page.getByLabel('Address (route 1)').fill('127.0.0.1:5997');
    await page.getByRole('button', { name: 'Create stream' }).click();
    await page.waitForURL(`${portico.dashboard}/streams`);
    expect(await streamNamed('legacy')).toMatchObject({ entrypoint: 'https', listenPort: null, poolId: null, address: null, sni: [{ serverNames: ['legacy.example.test'], address: '127.0.0.1:5997' }] });
    await page.getByRole('row').filter({ hasText: 'legacy' }).getByText('HTTPS').first().waitFor();
  });
});

describe('the stream tracer', () => {
  const steps = async () => (await session.page.getByRole('list', { name: 'Stream trace' }).getByRole('region').all()).map((r) => r.getAttribute('aria-label'));

  it('follows a port and an SNI name to the route, the address rules and the target', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/trace?stream=tcp&port=${routerPort}&serverName=x.apps.example.test`);
    await page.getByRole('region', { name: 'SNI route' }).waitFor();
    expect(await Promise.all(await steps())).toEqual(['Stream tls-router', 'SNI route', 'Client address', 'Upstream']);
    expect(await visibleText(page.getByRole('region', { name: 'Upstream' }))).toContain(`127.0.0.1:${upstream.port}`);

    // A name without a route, on a stream without a default: closed.
    await page.getByLabel('TLS server name (SNI)').fill('other.example.test');
    await page.getByRole('button', { name: 'Trace connection' }).click();
    await page.getByRole('region', { name: 'Target' }).getByText('no default').waitFor();
    await shoot(page, 'stream-trace-light-desktop');
  });

  it('tells a passthrough name on the HTTPS entrypoint from one Portico terminates', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/trace?stream=https&serverName=legacy.example.test`);
    await page.getByRole('region', { name: 'Stream legacy' }).waitFor();
    await page.getByLabel('TLS server name (SNI)').fill('shop.example.test');
    await page.getByRole('button', { name: 'Trace connection' }).click();
    await page.getByRole('region', { name: 'Terminated by Portico' }).waitFor();
  });

  it('says when nothing listens on a port', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/trace`);
    await page.getByText('Stream connection').click();
    await page.getByLabel('Port', { exact: true }).fill('1');
    await page.getByRole('button', { name: 'Trace connection' }).click();
    await page.getByRole('region', { name: 'Listener' }).getByText('no stream listens there').waitFor();
  });
});

describe('stream traffic on the Live page', () => {
  it('charts the bytes and connections of a stream as they move', async () => {
    const { page } = session;
    const port = await freePort();
    const created = await api.call('POST', '/api/v1/streams', { name: 'echo', listenPort: port, address: `127.0.0.1:${upstream.port}` });
    expect(created.status).toBe(201);
    await page.goto(`${portico.dashboard}/live`);
    await page.getByRole('status').filter({ hasText: 'Live' }).first().waitFor();
    await waitFor('the stream to listen', async () => (await streamClient(port).then((c) => (c.socket.destroy(), true)).catch(() => false)) as boolean, 10_000, 100);
    const client = await streamClient(port);
    await client.next('t\n');
    client.socket.write('x'.repeat(2048));
    await client.next(`t:${'x'.repeat(10)}`);
    const bytes = page.getByRole('figure', { name: 'Stream bytes per second' });
    await waitFor('the bytes chart to count the stream', async () => /2\.0 KiB client to upstream/.test((await bytes.locator('figcaption').textContent()) ?? ''), 5000, 100);
    expect(await page.getByRole('figure', { name: 'Stream connections per second' }).locator('figcaption').textContent()).toMatch(/[1-9]\d* opened/);
    await page.getByLabel('Stream', { exact: true }).selectOption('echo');
    expect(await visibleText(page.getByLabel('Streams summary'))).toMatch(/Open now\s*1/);
    await shoot(page, 'live-streams-light-desktop');
    client.socket.destroy();
  });
});

describe('the pool editor', () => {
  it("sets the PROXY protocol a pool sends, and the API refuses a version that does not exist", async () => {
    const { page } = session;
    const created = await api.call('POST', '/api/v1/pools', { name: 'behind-lb', servers: [{ address: '127.0.0.1:5996' }] });
    expect(created.status).toBe(201);
    expect(created.json.pool.proxyProtocol).toBe('off');
    const id = created.json.pool.id as string;
    await page.goto(`${portico.dashboard}/pools/${id}`);
    await page.getByLabel('Send the PROXY protocol').selectOption({ label: 'Version 2 (binary)' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved and applied' }).waitFor();
    expect((await api.call('GET', `/api/v1/pools/${id}`)).json.pool.proxyProtocol).toBe('v2');
    const refused = await api.call('PATCH', `/api/v1/pools/${id}`, { proxyProtocol: 'v3' });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.json.error)).toContain('proxyProtocol');
    expect((await api.call('GET', `/api/v1/pools/${id}`)).json.pool.proxyProtocol).toBe('v2');
  });
});
