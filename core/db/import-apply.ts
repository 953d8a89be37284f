// Applies an nginx import plan in one transaction: zones, pools (names resolved to ids),
// hosts, settings. Anything that clashes with existing objects refuses the whole import.
// Shared by the dashboard's POST /api/v1/import/nginx and the `portico import` command.
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';
import { GlobalSettings } from '../config/settings.ts';
import { type ImportPlan, type PlanNames, planNames } from '../nginx/import-plan.ts';
import { SETTINGS_KEY } from './load-config.ts';
import { createConfigObjects } from './write-config.ts';
import { audit, bumpRevision, type WriteMeta } from './config-state.ts';
import { guardUpstreams, upstreamTargets } from './upstream-guard.ts';
import { plural } from '../views/plural.ts';
import type { ImportConflict } from '../views/import.ts';

/** The import clashes with existing objects (a 409 for the API). */
export class ImportConflictError extends Error {
  readonly conflicts: ImportConflict[];
  constructor(conflicts: ImportConflict[]) {
    super(`the import clashes with existing objects: ${conflicts.map((c) => c.message).join('; ')}`);
    this.name = 'ImportConflictError';
    this.conflicts = conflicts;
  }
}

/** Streams whose name or port is already taken. */
async function streamConflicts(db: Db | Prisma.TransactionClient, streams: NonNullable<PlanNames['streams']>): Promise<ImportConflict[]> {
  if (streams.length === 0) return [];
  const existing = await db.stream.findMany({ select: { name: true, protocol: true, listenPort: true } });
  const conflicts: ImportConflict[] = [];
  for (const s of streams) {
    const byName = existing.find((e) => e.name === s.name);
    const byPort = existing.find((e) => e.protocol === s.protocol && e.listenPort === s.listenPort);
    if (byPort) conflicts.push({ objectType: 'stream', name: s.name, message: `${s.protocol.toUpperCase()} port ${s.listenPort} is already used by stream "${byPort.name}"` });
    else if (byName) conflicts.push({ objectType: 'stream', name: s.name, message: `a stream named "${s.name}" already exists` });
  }
  return conflicts;
}

export async function findConflicts(db: Db | Prisma.TransactionClient, names: PlanNames): Promise<ImportConflict[]> {
  const [pools, hostNames, cacheZones, limitZones] = await Promise.all([
    db.pool.findMany({ where: { name: { in: names.pools } }, select: { name: true } }),
    db.hostName.findMany({ where: { name: { in: names.serverNames } }, select: { name: true } }),
    db.cacheZone.findMany({ where: { name: { in: names.cacheZones } }, select: { name: true } }),
    db.limitZone.findMany({ where: { name: { in: names.limitZones } }, select: { name: true } }),
  ]);
  return [
    ...pools.map((p) => ({ objectType: 'pool' as const, name: p.name, message: `a pool named "${p.name}" already exists` })),
    ...hostNames.map((n) => ({ objectType: 'host' as const, name: n.name, message: `server name "${n.name}" is already used by a host` })),
    ...cacheZones.map((z) => ({ objectType: 'cacheZone' as const, name: z.name, message: `a cache zone named "${z.name}" already exists` })),
    ...limitZones.map((z) => ({ objectType: 'limitZone' as const, name: z.name, message: `a limit zone named "${z.name}" already exists` })),
    ...(await streamConflicts(db, names.streams ?? [])),
  ];
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** An import adds its maps to the configuration's: a variable it maps again is replaced, the others stay. */
function importedMaps(current: GlobalSettings, plan: ImportPlan): Partial<GlobalSettings> {
  const maps = plan.settings.maps;
  if (!maps) return {};
  const replaced = new Set(maps.map((m) => m.variable));
  return { maps: [...current.maps.filter((m) => !replaced.has(m.variable)), ...maps] };
}

export async function applyImportPlan(db: Db, plan: ImportPlan, meta: WriteMeta) {
  return db.$transaction(
    async (tx) => {
      const conflicts = await findConflicts(tx, planNames(plan));
      if (conflicts.length > 0) throw new ImportConflictError(conflicts);
      await guardUpstreams(tx, [
        ...upstreamTargets(plan),
        ...(plan.streams ?? []).flatMap((s, i) => (s.address ? [{ path: `streams.${i}.address`, address: s.address }] : [])),
      ]);
      const notes = await keepExistingDefaults(tx, plan);
      const { hostIds, poolIds, streamIds } = await createConfigObjects(tx, plan);
      if (Object.keys(plan.settings).length > 0) {
        const current = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
        const merged = GlobalSettings.parse({ ...current, ...plan.settings, ...importedMaps(current, plan) });
        await tx.setting.upsert({ where: { key: SETTINGS_KEY }, create: { key: SETTINGS_KEY, value: json(merged) }, update: { value: json(merged) } });
      }
      const streamCount = plan.streams?.length ?? 0;
      const summary = `imported ${plural(plan.hosts.length, 'host')}, ${plural(plan.pools.length, 'pool')}${streamCount > 0 ? `, ${plural(streamCount, 'stream')}` : ''} from nginx`;
      const revision = await bumpRevision(tx, { summary, source: 'import', principal: meta.principal });
      await audit(tx, { ...meta, action: 'config.import', objectType: 'config', after: { hosts: hostIds, pools: poolIds, streams: streamIds }, revision });
      return { revision, hostIds, poolIds, streamIds, notes };
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
