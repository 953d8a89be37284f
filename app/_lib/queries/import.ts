// Plans an nginx import off the event loop (a worker thread with a time and memory
// budget) and applies a plan in one transaction: zones, pools (names resolved to ids),
// hosts, settings. Anything that clashes with existing objects refuses the whole import.
import type { Db } from '@/core/db/client.ts';
import { Prisma } from '@/core/db/generated/client.ts';
import { GlobalSettings } from '@/core/config/settings.ts';
import { ImportAbortedError, ImportBusyError, type PlannedImport, planInWorker } from '@/core/nginx/import-in-worker.ts';
import { type ImportPlan, type PlanNames, planNames } from '@/core/nginx/import-plan.ts';
import { isNginxParseError } from '@/core/nginx/parse-error.ts';
import { SETTINGS_KEY } from '@/core/db/load-config.ts';
import { ApiError } from '../api/errors.ts';
import { createConfigObjects } from '@/core/db/write-config.ts';
import { audit, bumpRevision } from '../../../core/db/config-state.ts';
import { guardUpstreams } from '../../../core/db/upstream-guard.ts';
import type { WriteMeta } from '../../../core/db/config-state.ts';
import { plural } from '@/components/ui/plural.ts';
import type { ImportConflict } from '@/core/views/import.ts';


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

/**
 * The plan for an nginx configuration. A syntax error or a crossed import limit is a 422
 * with its position (and the limit's name); an import that runs out of time or memory is
 * a 422 naming that limit; too many imports at once is a 429.
 */
export async function planNginxImport(config: string, files: Readonly<Record<string, string>>): Promise<PlannedImport> {
  try {
    return await planInWorker(config, files);
  } catch (error) {
    if (isNginxParseError(error)) {
      const e = error.toJSON();
      const where = e.file === undefined ? '' : `"${e.file}", `;
      throw new ApiError('validation_failed', `${where}line ${e.line}, column ${e.column}: ${e.message}`, [{ path: 'config', ...e }]);
    }
    if (error instanceof ImportAbortedError) throw new ApiError('validation_failed', error.message, [{ path: 'config', limit: error.limit, max: error.max, message: error.message }]);
    if (error instanceof ImportBusyError) throw new ApiError('too_many_requests', error.message, undefined, { 'retry-after': '5' });
    throw error;
  }
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

export async function applyImport(db: Db, plan: ImportPlan, meta: WriteMeta) {
  return db.$transaction(
    async (tx) => {
      const conflicts = await findConflicts(tx, planNames(plan));
      if (conflicts.length > 0) throw new ApiError('conflict', `the import clashes with existing objects: ${conflicts.map((c) => c.message).join('; ')}`, conflicts);
      await guardUpstreams(tx, [
        ...plan.pools.flatMap((p, i) => p.servers.map((s, j) => ({ path: `pools.${i}.servers.${j}.address`, address: s.address }))),
        ...plan.hosts.flatMap((h, i) => h.locations.flatMap((l, j) => (l.action.kind === 'proxy' && l.action.address ? [{ path: `hosts.${i}.locations.${j}.action.address`, address: l.action.address }] : []))),
        ...(plan.streams ?? []).flatMap((s, i) => (s.address ? [{ path: `streams.${i}.address`, address: s.address }] : [])),
      ]);
      const notes = await keepExistingDefaults(tx, plan);
      const { hostIds, poolIds, streamIds } = await createConfigObjects(tx, plan);
      if (Object.keys(plan.settings).length > 0) {
        const current = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
        const merged = GlobalSettings.parse({ ...current, ...plan.settings });
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
