// Writes an nginx import plan into Portico's database as the API's import does
// (app/_lib/queries/import.ts): zones, pools (names → ids), hosts with names and
// locations, settings, and the revision bump in the same transaction. The benchmark
// replaces the whole configuration each time, so everything before is removed first.
import { GlobalSettings } from '../../proxy-engine/config/settings.ts';
import type { Db } from '../../proxy-engine/db/client.ts';
import { Prisma } from '../../proxy-engine/db/generated/client.ts';
import type { ImportPlan } from '../../proxy-engine/import/import-nginx.ts';
import { SETTINGS_KEY } from '../../proxy-engine/provider/load-config.ts';

type Json = Prisma.InputJsonValue;

/** Replaces the configuration with `plan`; returns the new revision and the host ids in plan order. */
export async function insertPlan(db: Db, plan: ImportPlan): Promise<{ revision: number; hostIds: string[] }> {
  return db.$transaction(
    async (tx) => {
      await tx.location.deleteMany({});
      await tx.hostName.deleteMany({});
      await tx.host.deleteMany({});
      await tx.server.deleteMany({});
      await tx.pool.deleteMany({});
      await tx.cacheZone.deleteMany({});
      await tx.limitZone.deleteMany({});
      for (const z of plan.cacheZones) await tx.cacheZone.create({ data: { name: z.name, maxSizeBytes: z.maxSizeBytes, inactiveMs: z.inactiveMs, maxEntries: z.maxEntries } });
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
      const hostIds: string[] = [];
      for (const host of plan.hosts) {
        const { certificateId: _certificate, ...tls } = host.tls;
        const row = await tx.host.create({
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
                return { position, matchKind: location.matchKind, path: location.path, enabled: location.enabled, action: action as Json, policies: location.policies as Json, poolId };
              }),
            },
          },
          select: { id: true },
        });
        hostIds.push(row.id);
      }
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
