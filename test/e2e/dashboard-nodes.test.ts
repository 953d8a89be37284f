// The Nodes page of a single instance in a real browser: its one node, up, holding the
// controller, serving the configuration's revision, and the word on how to add instances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, type BrowserSession } from '../helpers/browser.ts';
import { startPortico, type Portico } from '../helpers/portico.ts';
import { openDashboardBrowser } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;

beforeAll(async () => {
  portico = await startPortico({ PORTICO_NODE_NAME: 'solo' });
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await portico?.stop();
});

describe('the Nodes page', () => {
  it('shows the one instance and explains how to add more', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Nodes' }).click();
    await page.waitForURL(`${portico.dashboard}/nodes`);
    const row = page.locator('tr[data-node="solo"]');
    // The controller takes the lease within a heartbeat or two; the page refreshes itself.
    await row.getByText('controller', { exact: true }).waitFor({ timeout: 10_000 });
    await row.getByText('up', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('all (dashboard, engine)');
    await page.getByText('This is the only instance').waitFor();
    expect(await page.getByText('1 node up of 1').count()).toBe(1);
    await screenshot(page, 'nodes-single-instance');
    expect(session.problems).toEqual([]);
  }, 60_000);
});
