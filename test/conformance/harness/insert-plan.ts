// Writes an nginx import plan into Portico's database the way the API's import does:
// pools first, pool names in `action.poolId` mapped to the new ids, then hosts with
// their names and locations, then the settings, and the revision bumped in the same
// transaction (zones included). Whatever was configured before is removed first (each
// case starts clean).
import { GlobalSettings } from '../../../core/config/settings.ts';
import type { Db } from '../../../core/db/client.ts';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { clearConfig, createConfigObjects } from '../../../core/db/write-config.ts';
import type { ImportPlan } from '../../../core/nginx/import-nginx.ts';
import { SETTINGS_KEY } from '../../../core/db/load-config.ts';

type Json = Prisma.InputJsonValue;

/** Replaces the whole configuration with `plan`; returns the new revision. */
export async function insertPlan(db: Db, plan: ImportPlan): Promise<number> {
  return db.$transaction(async (tx) => {
    await clearConfig(tx);
    await createConfigObjects(tx, plan);
    const settings = GlobalSettings.parse(plan.settings) as Json;
    await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value: settings }, update: { value: settings } });
    const state = await tx.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
    return state.revision;
  });
}
