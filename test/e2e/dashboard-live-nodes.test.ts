// The live charts of two nodes in a real browser (PORTICO_REDIS_URL): a full instance
// (edge-a, dashboard and engine) and a second engine (edge-b) publish their seconds on one
// redis-server; the Live page offers "All nodes" and each registered node, the chart counts
// both nodes' requests, and choosing a node shows that node's alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../core/db/client.ts';
import type { BrowserSession } from '../helpers/browser.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.ts';
import { openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let redis: TestRedis;
let portico: Portico;
let edgeB: TestEngine;
let db: Db;
let session: BrowserSession;

beforeAll(async () => {
  if (!hasRedisServer) return;
  redis = await startTestRedis();
  [portico, edgeB] = await Promise.all([startPortico({ PORTICO_NODE_NAME: 'edge-a', PORTICO_REDIS_URL: redis.url }), startTestEngine({ PORTICO_NODE_NAME: 'edge-b', PORTICO_REDIS_URL: redis.url })]);
  db = await openDb(portico.dataDir);
  // edge-b is an engine of its own (no controller to register it): its row, as its heartbeat would write it.
  const now = new Date();
  await db.node.create({ data: { name: 'edge-b', role: 'engine', instanceId: 'test:edge-b', hostname: 'test', appliedRevision: 0, version: '0.1.0', startedAt: now, lastSeenAt: now } });
  await waitFor('edge-a to register', async () => (await db.node.count({ where: { name: 'edge-a' } })) === 1, 30_000);
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await db?.$disconnect();
  await Promise.all([portico?.stop(), edgeB?.stop()]);
  await redis?.stop();
});

/** The request count the requests chart states for its window (its caption, for screen readers). */
async function chartedRequests(): Promise<number> {
  const caption = await session.page.getByRole('figure', { name: 'Requests per second by status class' }).locator('figcaption').textContent();
  return Number(/^(\d+) requests/.exec(caption ?? '')?.[1] ?? NaN);
}

describe.skipIf(!hasRedisServer)('live charts of several nodes', () => {
  it('adds up every node, and follows the node chosen', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/live`);
    await page.getByRole('status').filter({ hasText: 'Live' }).first().waitFor();
    const select = page.getByLabel('Node');
    await select.waitFor({ timeout: 10_000 });
    expect(await select.locator('option').allTextContents()).toEqual(['All nodes', 'edge-a', 'edge-b']);

    // Unknown hosts: both engines answer 404 and count the requests all the same.
    for (let i = 0; i < 6; i++) await request(portico.ports.http, `/a/${i}`, { headers: { host: 'nodes.test' } });
    for (let i = 0; i < 4; i++) await request(edgeB.port, `/b/${i}`, { headers: { host: 'nodes.test' } });
    await waitFor('the chart to count both nodes\' requests', async () => (await chartedRequests()) === 10, 60_000, 100);

    await select.selectOption('edge-b');
    await waitFor('edge-b\'s requests alone', async () => (await chartedRequests()) === 4, 60_000, 100);
    await shoot(page, 'live-traffic-node-filter');
    await select.selectOption('edge-a');
    await waitFor('edge-a\'s requests alone', async () => (await chartedRequests()) === 6, 60_000, 100);
    await select.selectOption('');
    await waitFor('every node again', async () => (await chartedRequests()) === 10, 60_000, 100);
    expect(session.problems).toEqual([]);
  }, 240_000);
});
