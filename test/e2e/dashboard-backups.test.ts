// The Backups page in a real browser against a real Portico: a backup downloaded byte for
// byte, the configuration of a backup restored after a preview, and the schedule changed
// (a bad value refused at the field, nothing saved).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleText, type BrowserSession } from '../helpers/browser.ts';
import { signIn, startPortico, type ApiClient, type Portico } from '../helpers/portico.ts';
import { expectOnlyProblems, openDashboardBrowser, shoot } from './dashboard-helpers.ts';

let portico: Portico;
let session: BrowserSession;
let api: ApiClient;

beforeAll(async () => {
  portico = await startPortico();
  api = await signIn(portico.dashboard);
  session = await openDashboardBrowser(portico.dashboard);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await portico?.stop();
});

describe('the Backups page', () => {
  it('downloads a backup and restores the configuration it holds after a preview', async () => {
    const { page } = session;
    const host = await api.call('POST', '/api/v1/hosts', { serverNames: ['restore-me.test'], locations: [{ path: '/', action: { kind: 'return', status: 204 } }] });
    expect(host.status).toBe(201);
    const name = (await api.call('POST', '/api/v1/backups')).json.backup.name as string;
    expect((await api.call('DELETE', `/api/v1/hosts/${host.json.host.id}`)).status).toBe(200);

    await page.goto(`${portico.dashboard}/settings/backups`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download ${name}` }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const saved = await download.path();
    expect(fs.readFileSync(saved).equals(fs.readFileSync(path.join(portico.dataDir, 'backups', name)))).toBe(true);

    await page.getByRole('button', { name: `Restore the configuration of ${name}` }).click();
    await page.getByRole('status').filter({ hasText: 'changes 1 object' }).waitFor();
    expect(await page.getByRole('region', { name: `Restore ${name}` }).getByText('restore-me.test').first().isVisible()).toBe(true);
    await shoot(page, 'settings-backups-restore');
    await page.getByRole('button', { name: 'Restore configuration' }).click();
    await page.getByRole('dialog', { name: 'Replace the whole configuration?' }).getByRole('button', { name: 'Restore configuration' }).click();
    expect(await visibleText(page.getByRole('status').filter({ hasText: 'Saved and applied' }))).toMatch(/applied in \d+ ms/);
    const names = ((await api.call('GET', '/api/v1/hosts')).json.hosts as { serverNames: string[] }[]).map((h) => h.serverNames[0]);
    expect(names).toEqual(['restore-me.test']);
    expect(session.problems).toEqual([]);
  }, 120_000);

  it('changes the schedule, and refuses a bad value at the field without saving it', async () => {
    const { page } = session;
    await page.goto(`${portico.dashboard}/settings/backups`);
    await page.getByLabel('Every').fill('12');
    await page.getByLabel('Keep').fill('3');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'A backup every 12 h, the newest 3 kept.' }).waitFor();
    expect((await api.call('GET', '/api/v1/backups/schedule')).json.schedule).toEqual({ enabled: true, intervalHours: 12, keep: 3 });

    await page.getByLabel('Keep').fill('0');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    // The form refuses it before sending (the field's own range), and says why at the field.
    expect(await page.getByLabel('Keep').evaluate((el) => (el as HTMLInputElement).validity.rangeUnderflow)).toBe(true);
    expect(await page.getByLabel('Keep').evaluate((el) => (el as HTMLInputElement).validationMessage)).not.toBe('');
    expect((await api.call('GET', '/api/v1/backups/schedule')).json.schedule).toEqual({ enabled: true, intervalHours: 12, keep: 3 });
    expectOnlyProblems(session, /^$/);

    await page.getByLabel('Keep').fill('3');
    await page.getByRole('switch', { name: 'Take backups on a schedule' }).click();
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'No scheduled backups.' }).waitFor();
    expect((await api.call('GET', '/api/v1/backups/schedule')).json.schedule.enabled).toBe(false);
  }, 120_000);
});
