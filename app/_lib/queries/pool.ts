// Data access for upstream pools and their servers.
import type { Db } from '@/core/db/client.ts';
import { Prisma } from '@/core/db/generated/client.ts';
import { PoolInput } from '@/core/config/pool.ts';
import { poolFromRow, poolInclude, type PoolRow } from '@/core/db/rows.ts';
import { ApiError } from '../api/errors.ts';
import { audit, bumpRevision } from '../../../core/db/config-state.ts';
import { poolData } from '@/core/db/write-config.ts';
import { guardUpstreams } from '../../../core/db/upstream-guard.ts';
import { noun, plural } from '@/components/ui/plural.ts';
import { streamsUsingPool } from './stream.ts';

const guardServers = (tx: Prisma.TransactionClient, data: PoolData) =>
  guardUpstreams(tx, data.servers.map((s, i) => ({ path: `servers.${i}.address`, address: s.address })));
import type { WriteMeta } from '../../../core/db/config-state.ts';
import { serializePool, type PoolUser, type PoolView } from '@/core/views/pool.ts';

export type PoolData = ReturnType<typeof PoolInput.parse>;


const withUsage = { ...poolInclude, _count: { select: { locations: true } } } satisfies Prisma.PoolInclude;

export async function listPools(db: Db): Promise<PoolView[]> {
  const rows = await db.pool.findMany({ include: withUsage, orderBy: { createdAt: 'asc' } });
  return rows.map(serializePool);
}

export async function getPoolOrThrow(db: Db | Prisma.TransactionClient, id: string) {
  const row = await db.pool.findUnique({ where: { id }, include: withUsage });
  if (!row) throw new ApiError('not_found', `pool ${id} not found`);
  return row;
}

export async function createPool(db: Db, data: PoolData, meta: WriteMeta): Promise<{ pool: PoolView; revision: number }> {
  return db.$transaction(async (tx) => {
    await guardServers(tx, data);
    const created = await tx.pool.create({ data: poolData(data), include: withUsage });
    const revision = await bumpRevision(tx, { summary: `pool ${data.name} created`, source: 'api', principal: meta.principal });
    const pool = serializePool(created);
    await audit(tx, { ...meta, action: 'pool.create', objectType: 'pool', objectId: created.id, after: pool, revision });
    return { pool, revision };
  });
}

export async function replacePool(db: Db, id: string, data: PoolData, meta: WriteMeta): Promise<{ pool: PoolView; revision: number }> {
  return db.$transaction(async (tx) => {
    const before = serializePool(await getPoolOrThrow(tx, id));
    await guardServers(tx, data);
    await tx.server.deleteMany({ where: { poolId: id } });
    const updated = await tx.pool.update({ where: { id }, data: poolData(data), include: withUsage });
    const revision = await bumpRevision(tx, { summary: `pool ${data.name} updated`, source: 'api', principal: meta.principal });
    const pool = serializePool(updated);
    await audit(tx, { ...meta, action: 'pool.update', objectType: 'pool', objectId: id, before, after: pool, revision });
    return { pool, revision };
  });
}


/** The locations that send to a pool, host by host in the order they were made. */
export async function poolUsers(db: Db | Prisma.TransactionClient, poolId: string): Promise<PoolUser[]> {
  const rows = await db.location.findMany({
    where: { poolId },
    select: { id: true, path: true, host: { select: { id: true, serverNames: { orderBy: { position: 'asc' }, take: 1, select: { name: true } } } } },
    orderBy: [{ host: { createdAt: 'asc' } }, { position: 'asc' }],
  });
  return rows.map((r) => ({ hostId: r.host.id, host: r.host.serverNames[0]?.name ?? r.host.id, locationId: r.id, path: r.path }));
}

export async function deletePool(db: Db, id: string, meta: WriteMeta): Promise<{ revision: number }> {
  return db.$transaction(async (tx) => {
    const row = await getPoolOrThrow(tx, id);
    if (row._count.locations > 0) {
      // The answer names the locations (and details carries their ids), so a client can link to each.
      const users = await poolUsers(tx, id);
      const named = users.slice(0, 5).map((u) => `${u.host} ${u.path}`);
      if (users.length > named.length) named.push(`${users.length - named.length} more`);
      throw new ApiError('conflict', `pool "${row.name}" is used by ${plural(users.length, 'location')} (${named.join(', ')}); point ${noun(users.length, 'it')} at another pool or an address first`, { usedBy: users });
    }
    // streams: a pool a stream sends to stays until the stream points elsewhere.
    const streams = await streamsUsingPool(tx, id);
    if (streams.length > 0) throw new ApiError('conflict', `pool "${row.name}" is used by ${plural(streams.length, 'stream')} (${streams.slice(0, 5).map((s) => s.name).join(', ')}); point ${noun(streams.length, 'it')} at another pool or an address first`, { usedByStreams: streams });
    await tx.pool.delete({ where: { id } });
    const revision = await bumpRevision(tx, { summary: `pool ${row.name} deleted`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'pool.delete', objectType: 'pool', objectId: id, before: serializePool(row), revision });
    return { revision };
  });
}

export function poolInputOf(view: PoolView): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, usedBy: _b, ...input } = view;
  return input;
}
