// Writes an nginx import plan into Portico's database as the API's import does
// (app/_lib/queries/import.ts): zones, pools (names → ids), hosts with names and
// locations, settings, and the revision bump in the same transaction. The benchmark
// replaces the whole configuration each time, so everything before is removed first.
import { GlobalSettings } from '../../core/config/settings.ts';
import type { Db } from '../../core/db/client.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { clearConfig, createConfigObjects } from '../../core/db/write-config.ts';
import type { ImportPlan } from '../../core/nginx/import-nginx.ts';
import { SETTINGS_KEY } from '../../core/db/load-config.ts';

type Json = Prisma.InputJsonValue;

/** Replaces the configuration with `plan`; returns the new revision and the host ids in plan order. */
export async function insertPlan(db: Db, plan: ImportPlan): Promise<{ revision: number; hostIds: string[] }> {
  return db.$transaction(
    async (tx) => {
      await clearConfig(tx);
      const { hostIds } = await createConfigObjects(tx, plan);
      const settings = GlobalSettings.parse(plan.settings) as Json;
      await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value: settings }, update: { value: settings } });
      const state = await tx.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
      return { revision: state.revision, hostIds };
    },
    { timeout: 600_000 },
  );
}

/**
 * A dashboard-sized write: one host's policies replaced and the revision bumped, in one
 * transaction (the API also stores a version row for rollback; the engine does not read it).
 */
export async function updateHostPolicies(db: Db, hostId: string, policies: unknown): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.host.update({ where: { id: hostId }, data: { policies: policies as Json } });
    const state = await tx.configState.update({ where: { id: 1 }, data: { revision: { increment: 1 } } });
    return state.revision;
  });
}
