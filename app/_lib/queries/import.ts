// Applies an nginx import plan in one transaction: zones, pools (names resolved to ids),
// hosts, settings. Anything that clashes with existing objects refuses the whole import.
import type { Db } from '@/proxy-engine/db/client.ts';
import { Prisma } from '@/proxy-engine/db/generated/client.ts';
import { HostInput } from '@/proxy-engine/config/host.ts';
import { GlobalSettings } from '@/proxy-engine/config/settings.ts';
import type { ImportPlan } from '@/proxy-engine/import/import-plan.ts';
import { SETTINGS_KEY } from '@/proxy-engine/provider/load-config.ts';
import { ApiError, validationError, zodIssues } from '../api/errors.ts';
import { audit, bumpRevision } from './config-state.ts';
import { guardUpstreams } from './upstream-guard.ts';
import type { WriteMeta } from './host.ts';

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
      for (const z of plan.cacheZones) await tx.cacheZone.create({ data: { name: z.name, maxSizeBytes: z.maxSizeBytes, inactiveMs: z.inactiveMs, maxEntries: z.maxEntries } });
      for (const z of plan.limitZones) {
        await tx.limitZone.create({ data: { name: z.name, kind: z.kind, key: json(z.key), rate: z.rate ? json(z.rate) : Prisma.DbNull, maxEntries: z.maxEntries } });
      }
      const poolIds = new Map<string, string>();
      for (const p of plan.pools) {
        const row = await tx.pool.create({
          data: {
            name: p.name,
            algorithm: p.algorithm,
            balance: json(p.balance),
            keepalive: json(p.keepalive),
            healthCheck: p.healthCheck === null ? Prisma.DbNull : json(p.healthCheck),
            tls: json(p.tls),
            queue: json(p.queue),
            servers: { create: p.servers.map((s, position) => ({ position, ...s })) },
          },
        });
        poolIds.set(p.name, row.id);
      }
      const hostIds: string[] = [];
      for (const [index, plannedHost] of plan.hosts.entries()) {
        // The plan names pools; the database wants their ids.
        const withIds = {
          ...plannedHost,
          locations: plannedHost.locations.map((l) => (l.action.kind === 'proxy' && l.action.poolId ? { ...l, action: { ...l.action, poolId: poolIds.get(l.action.poolId) ?? l.action.poolId } } : l)),
        };
        const parsed = HostInput.safeParse(withIds);
        if (!parsed.success) throw validationError(zodIssues(parsed.error, ['hosts', index]));
        const h = parsed.data;
        const { certificateId: _c, ...tls } = h.tls;
        const row = await tx.host.create({
          data: {
            enabled: h.enabled,
            defaultServer: h.defaultServer,
            entrypoints: json(h.entrypoints),
            tls: json(tls),
            policies: json(h.policies),
            errorPages: json(h.errorPages),
            serverNames: { create: h.serverNames.map((name, position) => ({ name, position })) },
            locations: {
              create: h.locations.map((l, position) => ({
                position,
                matchKind: l.matchKind,
                path: l.path,
                enabled: l.enabled,
                action: json(l.action),
                policies: json(l.policies),
                poolId: l.action.kind === 'proxy' ? (l.action.poolId ?? null) : null,
              })),
            },
          },
        });
        hostIds.push(row.id);
      }
      if (Object.keys(plan.settings).length > 0) {
        const current = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
        const merged = GlobalSettings.parse({ ...current, ...plan.settings });
        await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value: json(merged) }, update: { value: json(merged) } });
      }
      const summary = `imported ${plan.hosts.length} host(s), ${plan.pools.length} pool(s) from nginx`;
      const revision = await bumpRevision(tx, { summary, source: 'import', principal: meta.principal });
      await audit(tx, { ...meta, action: 'config.import', objectType: 'config', after: { hosts: hostIds, pools: [...poolIds.values()] }, revision });
      return { revision, hostIds, poolIds: [...poolIds.values()] };
    },
    { timeout: 60_000 },
  );
}
