// Three instances on one database, each started as `npm start` starts it with its
// PORTICO_ROLE: `all`, `engine` (no dashboard port) and `dashboard` (no engine). With SQLite
// they share one database file (test/helpers/portico-instance.ts). The node registry lists
// all three with their role and revision; a host created through one dashboard is served by
// both engines; a second live instance under a taken name refuses to start; a clean stop is
// down at once, a SIGKILLed instance down once it has not been seen for 10 s.
import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODE_DOWN_AFTER_MS, NODE_HEARTBEAT_MS, type NodeView } from '../../core/db/node-registry.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { instanceDataDir, killAllInstances, startInstance, type PorticoInstance } from '../helpers/portico-instance.ts';
import { signIn, type ApiClient } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { screenshot, type BrowserSession } from '../helpers/browser.ts';
import { openDashboardBrowser } from '../e2e/dashboard-helpers.ts';

let all: PorticoInstance;
let edge: PorticoInstance;
let panel: PorticoInstance;
let api: ApiClient;
let upstream: EchoUpstream;
const dataDirs: string[] = [];
let session: BrowserSession | null = null;

function dataDir(shared: string | null): string {
  const dir = instanceDataDir(shared);
  dataDirs.push(dir);
  return dir;
}

async function nodes(client: ApiClient = api): Promise<{ nodes: NodeView[]; desiredRevision: number }> {
  const res = await client.call('GET', '/api/v1/nodes');
  expect(res.status).toBe(200);
  return res.json;
}

const summary = (list: NodeView[]) => Object.fromEntries(list.map((n) => [n.name, { role: n.role, status: n.status, appliedRevision: n.appliedRevision }]));

beforeAll(async () => {
  upstream = await startEchoUpstream(undefined, 'app');
  all = await startInstance({ name: 'node-all', role: 'all', dataDir: dataDir(null) });
  const db = `${all.dataDir}/portico.db`;
  [edge, panel] = await Promise.all([
    startInstance({ name: 'node-edge', role: 'engine', dataDir: dataDir(db) }),
    startInstance({ name: 'node-panel', role: 'dashboard', dataDir: dataDir(db) }),
  ]);
  api = await signIn(all.dashboard);
}, 200_000);

afterAll(async () => {
  await session?.close();
  killAllInstances();
  await upstream?.close();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('instances with roles on one database', () => {
  it('runs only the parts of each role', async () => {
    // engine: traffic and its control port's probes, no dashboard.
    expect((await fetch(`http://127.0.0.1:${edge.ports.control}/healthz`)).status).toBe(200);
    await expect(fetch(`${edge.dashboard}/api/v1/setup`)).rejects.toThrow();
    // dashboard: no engine at all (no control port, no proxy port, no engine files).
    await expect(fetch(`http://127.0.0.1:${panel.ports.control}/healthz`)).rejects.toThrow();
    await expect(request(panel.ports.http, '/')).rejects.toThrow();
    expect(fs.existsSync(`${panel.dataDir}/engine.json`)).toBe(false);
    // Its probes: ready once it reads the database (no engine to wait for); the engine's on its control port.
    expect((await fetch(`${panel.dashboard}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${edge.ports.control}/readyz`)).status).toBe(200);
    expect(panel.logs.join('')).toContain('node node-panel, role dashboard, dashboard on');
    expect(panel.logs.join('')).toContain('no proxy');
    expect(edge.logs.join('')).toContain('node node-edge, role engine, no dashboard, proxy on');
  });

  it('lists every node with its role and revision; a host written on one dashboard is served by every engine', async () => {
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['nodes.roles.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    expect(host.status).toBe(201);
    const desired = (await nodes()).desiredRevision;
    for (const instance of [all, edge]) {
      await waitFor(`${instance.name} to serve the new host`, async () => (await request(instance.ports.http, '/', { headers: { host: 'nodes.roles.test' } })).status === 200, 10_000, 100);
    }
    for (let i = 0; i < 40; i++) expect((await request(edge.ports.http, '/', { headers: { host: 'nodes.roles.test' } })).status).toBe(200);
    // Every node reports the revision it serves (within two heartbeats on a quiet machine; the
    // bound is generous for a loaded one), and the edge its traffic.
    const panelApi = await signIn(panel.dashboard);
    const seen = await waitFor(
      'every node to report revision ' + desired,
      async () => {
        // Traffic goes on while waiting: the rate is per heartbeat interval, and would be 0 again by a late look.
        await request(edge.ports.http, '/', { headers: { host: 'nodes.roles.test' } });
        const list = (await nodes(panelApi)).nodes;
        const edgeNode = list.find((n) => n.name === 'node-edge');
        return list.filter((n) => n.appliedRevision === desired).length === 2 && edgeNode && edgeNode.requestsPerSecond > 0 ? list : null;
      },
      15 * NODE_HEARTBEAT_MS,
      200,
    );
    expect(summary(seen)).toEqual({
      'node-all': { role: 'all', status: 'up', appliedRevision: desired },
      'node-edge': { role: 'engine', status: 'up', appliedRevision: desired },
      'node-panel': { role: 'dashboard', status: 'up', appliedRevision: null },
    });
    expect(seen.filter((n) => n.controller)).toHaveLength(1);
    // The dashboard-only instance says why it cannot show what only an engine can.
    const logs = await panelApi.call('GET', '/api/v1/logs');
    expect(logs.status).toBe(503);
    expect(logs.json.error.message).toContain('this instance runs no engine (PORTICO_ROLE=dashboard)');

    // The Nodes page in a browser: the three nodes, the controller holder marked.
    session = await openDashboardBrowser(all.dashboard);
    const { page } = session;
    await page.goto(`${all.dashboard}/nodes`);
    for (const name of ['node-all', 'node-edge', 'node-panel']) await page.locator(`tr[data-node="${name}"]`).getByText('up', { exact: true }).waitFor();
    expect(await page.getByText('controller', { exact: true }).count()).toBe(1);
    expect(await page.locator('tr[data-node="node-panel"]').textContent()).toContain('no engine');
    await screenshot(page, 'nodes-three-instances');
    // The dashboard-only instance says it runs no engine, on every page.
    await page.goto(`${panel.dashboard}/`);
    if (page.url().endsWith('/login')) {
      await page.getByLabel('Email').fill('admin@example.com');
      await page.getByLabel('Password').fill('correct-horse-battery-staple');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${panel.dashboard}/`);
    }
    await page.getByText('This instance runs no proxy engine (PORTICO_ROLE=dashboard)').waitFor();
    await screenshot(page, 'nodes-dashboard-only-overview');
    await page.goto(`${panel.dashboard}/hosts`);
    await page.getByText('Saved', { exact: true }).waitFor();
    expect(await page.getByText('Engine down').count()).toBe(0);
    await page.goto(`${all.dashboard}/nodes`);
  }, 90_000);

  it('refuses a second live instance under a name that is taken', async () => {
    const twin = await startInstance({ name: 'node-edge', role: 'engine', dataDir: dataDir(`${all.dataDir}/portico.db`), wait: false });
    expect(await twin.exited).toBe(1);
    expect(twin.logs.join('')).toContain('another live instance is named node-edge');
  }, 60_000);

  it('shows a cleanly stopped node down at once and a killed one down after 10 s', async () => {
    // A client that sent half a request and went quiet does not hold the clean stop (the
    // dashboard gives answers under way 5 s, then cuts; the supervisor would report 1 at 15 s).
    const quiet = net.connect(Number(new URL(panel.dashboard).port), '127.0.0.1');
    quiet.on('error', () => undefined);
    await new Promise<void>((resolve) => quiet.once('connect', () => quiet.write('GET /hosts HTTP/1.1\r\nHost: panel\r\n', () => resolve())));
    expect(await panel.stop()).toBe(0);
    quiet.destroy();
    expect(summary((await nodes()).nodes)['node-panel']?.status).toBe('down');
    edge.kill();
    const killedAt = Date.now();
    expect(summary((await nodes()).nodes)['node-edge']?.status).toBe('up');
    await waitFor('the killed node to be down', async () => summary((await nodes()).nodes)['node-edge']?.status === 'down', NODE_DOWN_AFTER_MS + 5_000, 250);
    const downAfter = Date.now() - killedAt;
    console.log(`node registry: the SIGKILLed instance listed down ${downAfter} ms after the kill`);
    expect(downAfter).toBeGreaterThan(NODE_DOWN_AFTER_MS - NODE_HEARTBEAT_MS - 500);
    expect(downAfter).toBeLessThan(NODE_DOWN_AFTER_MS + NODE_HEARTBEAT_MS + 1_000);
    // The open Nodes page follows without a reload.
    await session!.page.locator('tr[data-node="node-edge"]').getByText('down', { exact: true }).waitFor({ timeout: 5_000 });
    await session!.page.locator('tr[data-node="node-panel"]').getByText('stopped', { exact: true }).waitFor({ timeout: 5_000 });
    await screenshot(session!.page, 'nodes-one-killed-one-stopped');
    const list = (await nodes()).nodes;
    expect(list.map((n) => [n.name, n.status])).toEqual([
      ['node-all', 'up'],
      ['node-edge', 'down'],
      ['node-panel', 'down'],
    ]);
  }, 30_000);
});
