// Applies an nginx import plan in one transaction: zones, pools (names resolved to ids),
// hosts, settings. Anything that clashes with existing objects refuses the whole import.
import type { Db } from '@/proxy-engine/db/client.ts';
import { Prisma } from '@/proxy-engine/db/generated/client.ts';
import { GlobalSettings } from '@/proxy-engine/config/settings.ts';
import type { ImportPlan } from '@/proxy-engine/import/import-plan.ts';
import { SETTINGS_KEY } from '@/proxy-engine/provider/load-config.ts';
import { ApiError } from '../api/errors.ts';
import { createConfigObjects } from '@/proxy-engine/db/write-config.ts';
import { audit, bumpRevision } from './config-state.ts';
import { guardUpstreams } from './upstream-guard.ts';
import type { WriteMeta } from './host.ts';
import { plural } from '@/components/ui/plural.ts';

export interface ImportConflict {
  objectType: 'pool' | 'host' | 'cacheZone' | 'limitZone';
  name: string;
  message: string;
}

export async function findConflicts(db: Db | Prisma.TransactionClient, plan: ImportPlan): Promise<ImportConflict[]> {
  const names = plan.hosts.flatMap((h) => h.serverNames);
  const [pools, hostNames, cacheZones, limitZones] = await Promise.all([
    db.pool.findMany({ where: { name: { in: plan.pools.map((p) => p.name) } }, select: { name: true } }),
    db.hostName.findMany({ where: { name: { in: names } }, select: { name: true } }),
    db.cacheZone.findMany({ where: { name: { in: plan.cacheZones.map((z) => z.name) } }, select: { name: true } }),
    db.limitZone.findMany({ where: { name: { in: plan.limitZones.map((z) => z.name) } }, select: { name: true } }),
  ]);
  return [
    ...pools.map((p) => ({ objectType: 'pool' as const, name: p.name, message: `a pool named "${p.name}" already exists` })),
    ...hostNames.map((n) => ({ objectType: 'host' as const, name: n.name, message: `server name "${n.name}" is already used by a host` })),
    ...cacheZones.map((z) => ({ objectType: 'cacheZone' as const, name: z.name, message: `a cache zone named "${z.name}" already exists` })),
    ...limitZones.map((z) => ({ objectType: 'limitZone' as const, name: z.name, message: `a limit zone named "${z.name}" already exists` })),
  ];
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function applyImport(db: Db, plan: ImportPlan, meta: WriteMeta) {
  return db.$transaction(
    async (tx) => {
      const conflicts = await findConflicts(tx, plan);
      if (conflicts.length > 0) throw new ApiError('conflict', `the import clashes with existing objects: ${conflicts.map((c) => c.message).join('; ')}`, conflicts);
      await guardUpstreams(tx, [
        ...plan.pools.flatMap((p, i) => p.servers.map((s, j) => ({ path: `pools.${i}.servers.${j}.address`, address: s.address }))),
        ...plan.hosts.flatMap((h, i) => h.locations.flatMap((l, j) => (l.action.kind === 'proxy' && l.action.address ? [{ path: `hosts.${i}.locations.${j}.action.address`, address: l.action.address }] : []))),
      ]);
      const notes = await keepExistingDefaults(tx, plan);
      const { hostIds, poolIds } = await createConfigObjects(tx, plan);
      if (Object.keys(plan.settings).length > 0) {
        const current = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
        const merged = GlobalSettings.parse({ ...current, ...plan.settings });
        await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value: json(merged) }, update: { value: json(merged) } });
      }
      const summary = `imported ${plural(plan.hosts.length, 'host')}, ${plural(plan.pools.length, 'pool')} from nginx`;
      const revision = await bumpRevision(tx, { summary, source: 'import', principal: meta.principal });
      await audit(tx, { ...meta, action: 'config.import', objectType: 'config', after: { hosts: hostIds, pools: poolIds }, revision });
      return { revision, hostIds, poolIds, notes };
    },
    { timeout: 60_000 },
  );
}

/**
 * nginx makes the first server of a port its default; an import into a configuration that
 * already has a default server on that entrypoint keeps the existing one (one default per
 * entrypoint) and says so.
 */
async function keepExistingDefaults(tx: Prisma.TransactionClient, plan: ImportPlan): Promise<string[]> {
  const existing = await tx.host.findMany({ where: { defaultServer: true, enabled: true }, select: { entrypoints: true } });
  const taken = new Set(existing.flatMap((h) => h.entrypoints as string[]));
  const notes: string[] = [];
  for (const host of plan.hosts) {
    if (!host.defaultServer || !(host.entrypoints ?? ['http']).some((e) => taken.has(e))) continue;
    host.defaultServer = false;
    notes.push(`${host.serverNames[0]} is not made the default server: an existing host already is`);
  }
  return notes;
}
