// Data access for TCP and UDP streams.
import type { z } from 'zod';
import type { Db } from '@/core/db/client.ts';
import type { Prisma } from '@/core/db/generated/client.ts';
import type { StreamInput } from '@/core/config/stream.ts';
import { streamData } from '@/core/db/write-config.ts';
import { serializeStream, type StreamView } from '@/core/views/stream.ts';
import { ApiError, validationError, type FieldIssue } from '../api/errors.ts';
import { dashboardEnv } from '../env.ts';
import { audit, bumpRevision, type WriteMeta } from '../../../core/db/config-state.ts';
import { guardUpstreams } from '../../../core/db/upstream-guard.ts';

export type StreamData = z.output<typeof StreamInput>;
type Tx = Prisma.TransactionClient;

const withPool = { pool: { select: { name: true } } } satisfies Prisma.StreamInclude;

export async function listStreams(db: Db): Promise<StreamView[]> {
  const rows = await db.stream.findMany({ include: withPool, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(serializeStream);
}

export async function getStreamOrThrow(db: Db | Tx, id: string) {
  const row = await db.stream.findUnique({ where: { id }, include: withPool });
  if (!row) throw new ApiError('not_found', `stream ${id} not found`);
  return row;
}

/** The proxy's own ports on this instance: a stream there could never listen. */
function reservedPorts(): Map<number, string> {
  const env = dashboardEnv();
  return new Map([
    [env.PORTICO_HTTP_PORT, "the proxy's HTTP entrypoint (PORTICO_HTTP_PORT)"],
    [env.PORTICO_HTTPS_PORT, "the proxy's HTTPS entrypoint (PORTICO_HTTPS_PORT)"],
    [env.PORTICO_CONTROL_PORT, "the engine's control API (PORTICO_CONTROL_PORT)"],
  ]);
}

/** What the database would refuse as a bare conflict, said with the field and the other stream. */
async function checkStream(tx: Tx, data: StreamData, id: string | null): Promise<void> {
  const issues: FieldIssue[] = [];
  const reserved = data.protocol === 'tcp' && data.listenPort !== null ? reservedPorts().get(data.listenPort) : undefined;
  if (reserved) issues.push({ path: 'listenPort', message: `port ${data.listenPort} is ${reserved}` });
  const poolRefs = [{ path: 'poolId', poolId: data.poolId }, ...data.sni.map((r, i) => ({ path: `sni.${i}.poolId`, poolId: r.poolId }))];
  for (const ref of poolRefs) {
    if (ref.poolId !== null && !(await tx.pool.findUnique({ where: { id: ref.poolId }, select: { id: true } }))) issues.push({ path: ref.path, message: `pool ${ref.poolId} does not exist` });
  }
  if (issues.length > 0) throw validationError(issues);
  const others = await tx.stream.findMany({ where: id ? { id: { not: id } } : {}, select: { name: true, protocol: true, listenPort: true, entrypoint: true, settings: true } });
  const samePort = data.listenPort === null ? undefined : others.find((o) => o.protocol === data.protocol && o.listenPort === data.listenPort);
  if (samePort) throw new ApiError('conflict', `${data.protocol.toUpperCase()} port ${data.listenPort} is already used by stream "${samePort.name}"`, { path: 'listenPort' });
  // A name passes through on the HTTPS entrypoint to one backend only.
  if (data.entrypoint !== null) {
    const taken = new Map(others.filter((o) => o.entrypoint === data.entrypoint).flatMap((o) => ((o.settings as { sni?: { serverNames: string[] }[] }).sni ?? []).flatMap((r) => r.serverNames.map((n) => [n, o.name] as const))));
    for (const [i, route] of data.sni.entries()) {
      for (const [j, name] of route.serverNames.entries()) {
        const owner = taken.get(name);
        if (owner) throw new ApiError('conflict', `server name "${name}" already passes through the HTTPS entrypoint with stream "${owner}"`, { path: `sni.${i}.serverNames.${j}` });
      }
    }
  }
  const sameName = await tx.stream.findFirst({ where: { name: data.name, ...(id ? { id: { not: id } } : {}) }, select: { id: true } });
  if (sameName) throw new ApiError('conflict', `a stream named "${data.name}" already exists`, { path: 'name' });
  const addresses = [{ path: 'address', address: data.address }, ...data.sni.map((r, i) => ({ path: `sni.${i}.address`, address: r.address }))];
  await guardUpstreams(tx, addresses.flatMap((a) => (a.address === null ? [] : [{ path: a.path, address: a.address }])));
}

export async function createStream(db: Db, data: StreamData, meta: WriteMeta): Promise<{ stream: StreamView; revision: number }> {
  return db.$transaction(async (tx) => {
    await checkStream(tx, data, null);
    const row = await tx.stream.create({ data: streamData(data), include: withPool });
    const revision = await bumpRevision(tx, { summary: `stream ${data.name} created`, source: 'api', principal: meta.principal });
    const stream = serializeStream(row);
    await audit(tx, { ...meta, action: 'stream.create', objectType: 'stream', objectId: row.id, after: stream, revision });
    return { stream, revision };
  });
}

export async function replaceStream(db: Db, id: string, data: StreamData, meta: WriteMeta): Promise<{ stream: StreamView; revision: number }> {
  return db.$transaction(async (tx) => {
    const before = serializeStream(await getStreamOrThrow(tx, id));
    await checkStream(tx, data, id);
    const row = await tx.stream.update({ where: { id }, data: streamData(data), include: withPool });
    const revision = await bumpRevision(tx, { summary: `stream ${data.name} updated`, source: 'api', principal: meta.principal });
    const stream = serializeStream(row);
    await audit(tx, { ...meta, action: 'stream.update', objectType: 'stream', objectId: id, before, after: stream, revision });
    return { stream, revision };
  });
}

export async function deleteStream(db: Db, id: string, meta: WriteMeta): Promise<{ revision: number }> {
  return db.$transaction(async (tx) => {
    const before = serializeStream(await getStreamOrThrow(tx, id));
    await tx.stream.delete({ where: { id } });
    const revision = await bumpRevision(tx, { summary: `stream ${before.name} deleted`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'stream.delete', objectType: 'stream', objectId: id, before, revision });
    return { revision };
  });
}

/** The streams that send to a pool, by default or by an SNI route (a pool in use cannot be deleted). */
export async function streamsUsingPool(db: Db | Tx, poolId: string): Promise<{ id: string; name: string }[]> {
  const rows = await db.stream.findMany({ select: { id: true, name: true, poolId: true, settings: true }, orderBy: { createdAt: 'asc' } });
  const bySni = (settings: unknown) => ((settings as { sni?: { poolId: string | null }[] }).sni ?? []).some((r) => r.poolId === poolId);
  return rows.filter((r) => r.poolId === poolId || bySni(r.settings)).map(({ id, name }) => ({ id, name }));
}
