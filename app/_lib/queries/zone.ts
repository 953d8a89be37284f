// Cache zones and limit zones: named, shared by locations.
import type { Db } from '@/core/db/client.ts';
import { Prisma } from '@/core/db/generated/client.ts';
import type { z } from 'zod';
import type { CacheZoneInput, LimitZoneInput } from '@/core/config/zones.ts';
import { cacheZoneFromRow, limitZoneFromRow } from '@/core/db/rows.ts';
import { ApiError } from '../api/errors.ts';
import { audit, bumpRevision } from '../../../core/db/config-state.ts';
import type { WriteMeta } from '../../../core/db/config-state.ts';
import { plural } from '@/components/ui/plural.ts';

type CacheZoneData = z.output<typeof CacheZoneInput>;
type LimitZoneData = z.output<typeof LimitZoneInput>;

const view = <T extends { createdAt: Date; updatedAt: Date }, M extends object>(row: T, mapped: M) => ({ ...mapped, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });

export async function listCacheZones(db: Db) {
  return (await db.cacheZone.findMany({ orderBy: { createdAt: 'asc' } })).map((r) => view(r, cacheZoneFromRow(r)));
}

export async function listLimitZones(db: Db) {
  return (await db.limitZone.findMany({ orderBy: { createdAt: 'asc' } })).map((r) => view(r, limitZoneFromRow(r)));
}

/** Zones are referenced by name from location policies: a zone in use cannot be renamed away or deleted. */
async function usage(tx: Prisma.TransactionClient, kind: 'cache' | 'limit', name: string): Promise<number> {
  const rows = await tx.location.findMany({ select: { policies: true } });
  const hosts = await tx.host.findMany({ select: { policies: true } });
  const uses = (p: unknown) => {
    const policies = (p ?? {}) as { cache?: { zone?: string }; rateLimits?: { zone: string }[]; connLimits?: { zone: string }[] };
    if (kind === 'cache') return policies.cache?.zone === name;
    return [...(policies.rateLimits ?? []), ...(policies.connLimits ?? [])].some((r) => r.zone === name);
  };
  return [...rows, ...hosts].filter((r) => uses(r.policies)).length;
}

export async function saveCacheZone(db: Db, id: string | null, data: CacheZoneData, meta: WriteMeta) {
  return db.$transaction(async (tx) => {
    const before = id ? await tx.cacheZone.findUnique({ where: { id } }) : null;
    if (id && !before) throw new ApiError('not_found', `cache zone ${id} not found`);
    if (before && before.name !== data.name && (await usage(tx, 'cache', before.name)) > 0) throw new ApiError('conflict', `cache zone "${before.name}" is in use; it cannot be renamed`);
    const row = id ? await tx.cacheZone.update({ where: { id }, data }) : await tx.cacheZone.create({ data });
    const revision = await bumpRevision(tx, { summary: `cache zone ${data.name} ${id ? 'updated' : 'created'}`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: id ? 'cacheZone.update' : 'cacheZone.create', objectType: 'cacheZone', objectId: row.id, before, after: row, revision });
    return { zone: view(row, cacheZoneFromRow(row)), revision };
  });
}

export async function saveLimitZone(db: Db, id: string | null, data: LimitZoneData, meta: WriteMeta) {
  return db.$transaction(async (tx) => {
    const before = id ? await tx.limitZone.findUnique({ where: { id } }) : null;
    if (id && !before) throw new ApiError('not_found', `limit zone ${id} not found`);
    if (before && before.name !== data.name && (await usage(tx, 'limit', before.name)) > 0) throw new ApiError('conflict', `limit zone "${before.name}" is in use; it cannot be renamed`);
    // A request zone serves limit_req rules, a connection zone limit_conn ones: switching
    // the kind of a zone in use would leave its rules pointing at nothing.
    if (before && before.kind !== data.kind && (await usage(tx, 'limit', before.name)) > 0) {
      throw new ApiError('conflict', `limit zone "${before.name}" is in use; its kind cannot change (create another zone instead)`, { kind: 'in use' });
    }
    const fields = { name: data.name, kind: data.kind, key: data.key as Prisma.InputJsonValue, rate: data.rate ? (data.rate as Prisma.InputJsonValue) : Prisma.DbNull, maxEntries: data.maxEntries };
    const row = id ? await tx.limitZone.update({ where: { id }, data: fields }) : await tx.limitZone.create({ data: fields });
    const revision = await bumpRevision(tx, { summary: `limit zone ${data.name} ${id ? 'updated' : 'created'}`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: id ? 'limitZone.update' : 'limitZone.create', objectType: 'limitZone', objectId: row.id, before, after: row, revision });
    return { zone: view(row, limitZoneFromRow(row)), revision };
  });
}

export async function deleteZone(db: Db, kind: 'cache' | 'limit', id: string, meta: WriteMeta) {
  return db.$transaction(async (tx) => {
    const row = kind === 'cache' ? await tx.cacheZone.findUnique({ where: { id } }) : await tx.limitZone.findUnique({ where: { id } });
    if (!row) throw new ApiError('not_found', `${kind} zone ${id} not found`);
    const used = await usage(tx, kind, row.name);
    if (used > 0) throw new ApiError('conflict', `${kind} zone "${row.name}" is used by ${plural(used, 'policy')} of hosts or locations; remove it from them first`);
    if (kind === 'cache') await tx.cacheZone.delete({ where: { id } });
    else await tx.limitZone.delete({ where: { id } });
    const revision = await bumpRevision(tx, { summary: `${kind} zone ${row.name} deleted`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: `${kind}Zone.delete`, objectType: `${kind}Zone`, objectId: id, before: row, revision });
    return { revision };
  });
}
