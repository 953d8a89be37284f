// Statistics retention is background work: the active controller deletes the minutes older
// than the configured retention (judged by its own clock), keeps the rest, and a controller
// standing by (another instance holds the lease) deletes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../core/db/client.ts';
import type { EngineClient } from '../../core/contract/engine-client.ts';
import { acquireLease } from '../../core/db/lease.ts';
import { CONTROLLER_LEASE } from '../../controller/lease-keeper.ts';
import { startController, type Controller } from '../../controller/controller.ts';
import { createDataDir } from '../helpers/data-dir.ts';
import { waitFor } from '../helpers/ports.ts';

let data: Awaited<ReturnType<typeof createDataDir>>;
let db: Db;
const running: Controller[] = [];
/** The controller's clock: a fixed day, far from the wall clock on purpose. */
const NOW = Date.UTC(2031, 5, 1, 12, 0);
const DAY = 86400_000;
/** An engine that is not running: retention needs none. */
const noEngine = { call: async () => ({ kind: 'down' }), status: async () => null, reload: async () => null, poolsHealth: async () => null, statsSummary: async () => null, refreshChallenges: async () => false, reportEvent: async () => false } as unknown as EngineClient;

beforeAll(async () => {
  data = await createDataDir('portico-retention-');
  db = await openDb(data.dir);
  await db.setting.upsert({ where: { key: 'global' }, create: { key: 'global', value: { statsRetentionDays: 2 } }, update: { value: { statsRetentionDays: 2 } } });
});
afterAll(async () => {
  for (const c of running) await c.stop();
  await db?.$disconnect();
  data?.cleanup();
});

async function seed(): Promise<void> {
  await db.statsMinute.deleteMany({});
  for (const [key, age] of [['three-days', 3 * DAY], ['a-day-and-a-half', 1.5 * DAY], ['an-hour', 3600_000]] as const) {
    await db.statsMinute.create({ data: { minute: new Date(NOW - age), scope: 'total', key, counters: {}, latency: {} } });
  }
}
const keys = async () => (await db.statsMinute.findMany({ orderBy: { minute: 'asc' } })).map((r) => r.key);

describe('statistics retention in the controller', () => {
  it('a controller standing by deletes nothing', async () => {
    await seed();
    // Another instance holds the lease for a long time.
    expect(await acquireLease(db, CONTROLLER_LEASE, 'someone-else', 60_000)).toBe(true);
    const lines: string[] = [];
    const standby = startController({ db, engine: noEngine, holder: 'standby', renewCheckMs: 3600_000, now: () => NOW, log: (l) => lines.push(l) });
    running.push(standby);
    await waitFor('the controller to see the lease taken', async () => lines.some((l) => l.includes('standing by')), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await keys()).toEqual(['three-days', 'a-day-and-a-half', 'an-hour']);
    await standby.stop();
    await db.controllerLease.deleteMany({});
  });

  it('the active controller deletes what is older than the retention, by its own clock', async () => {
    await seed();
    const lines: string[] = [];
    const active = startController({ db, engine: noEngine, holder: 'active', renewCheckMs: 3600_000, now: () => NOW, log: (l) => lines.push(l) });
    running.push(active);
    await waitFor('the old minutes to be deleted', async () => (await keys()).length === 2, 10_000);
    expect(await keys()).toEqual(['a-day-and-a-half', 'an-hour']);
    expect(lines.some((l) => l.includes('1 minute row older than the retention period deleted'))).toBe(true);
  });
});
