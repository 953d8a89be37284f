// Writes an nginx import plan into Portico's database the way the API's import does:
// pools first, pool names in `action.poolId` mapped to the new ids, then hosts with
// their names and locations, then the settings, and the revision bumped in the same
// transaction (zones included). Whatever was configured before is removed first (each
// case starts clean).
import { GlobalSettings } from '../../../proxy-engine/config/settings.ts';
import type { Db } from '../../../proxy-engine/db/client.ts';
import { Prisma } from '../../../proxy-engine/db/generated/client.ts';
import type { ImportPlan } from '../../../proxy-engine/import/import-nginx.ts';
import { SETTINGS_KEY } from '../../../proxy-engine/provider/load-config.ts';

type Json = Prisma.InputJsonValue;

/** Replaces the whole configuration with `plan`; returns the new revision. */
export async function insertPlan(db: Db, plan: ImportPlan): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.location.deleteMany({});
    await tx.hostName.deleteMany({});
    await tx.host.deleteMany({});
    await tx.server.deleteMany({});
    await tx.pool.deleteMany({});
    await tx.cacheZone.deleteMany({});
    await tx.limitZone.deleteMany({});
    for (const z of plan.cacheZones) {
      await tx.cacheZone.create({ data: { name: z.name, maxSizeBytes: z.maxSizeBytes, inactiveMs: z.inactiveMs, maxEntries: z.maxEntries } });
    }
    for (const z of plan.limitZones) {
      await tx.limitZone.create({ data: { name: z.name, kind: z.kind, key: z.key as Json, rate: z.rate ? (z.rate as Json) : Prisma.DbNull, maxEntries: z.maxEntries } });
    }

    const poolIds = new Map<string, string>();
    for (const pool of plan.pools) {
      const row = await tx.pool.create({
        data: {
          name: pool.name,
          algorithm: pool.algorithm,
          balance: pool.balance as Json,
          keepalive: pool.keepalive as Json,
          healthCheck: pool.healthCheck === null ? Prisma.DbNull : (pool.healthCheck as Json),
          tls: pool.tls as Json,
          queue: pool.queue as Json,
          servers: { create: pool.servers.map((s, position) => ({ position, ...s })) },
        },
      });
      poolIds.set(pool.name, row.id);
    }

    for (const host of plan.hosts) {
      const { certificateId: _certificate, ...tls } = host.tls;
      await tx.host.create({
        data: {
          enabled: host.enabled,
          defaultServer: host.defaultServer,
          entrypoints: host.entrypoints,
          tls: tls as Json,
          policies: host.policies as Json,
          errorPages: host.errorPages as Json,
          serverNames: { create: host.serverNames.map((name, position) => ({ name, position })) },
          locations: {
            create: host.locations.map((location, position) => {
              let action = location.action;
              let poolId: string | null = null;
              if (action.kind === 'proxy' && action.poolId !== undefined) {
                poolId = poolIds.get(action.poolId) ?? null;
                if (poolId === null) throw new Error(`location ${location.path} names pool "${action.poolId}", which the plan does not define`);
                action = { ...action, poolId };
              }
              return {
                position,
                matchKind: location.matchKind,
                path: location.path,
                enabled: location.enabled,
                action: action as Json,
                policies: location.policies as Json,
                poolId,
              };
            }),
          },
        },
      });
    }

    const settings = GlobalSettings.parse(plan.settings) as Json;
    await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value: settings }, update: { value: settings } });
    const state = await tx.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
    return state.revision;
  });
}
