// Data access for hosts (with their server names and locations), in one place.
import type { Db } from './client.ts';
import type { Prisma } from './generated/client.ts';
import { HostInput } from '../config/host.ts';
import { hostFromRow, hostInclude, type HostRow } from './rows.ts';
import { readHostsAndPools } from './read-config.ts';
import { ApiError, validationError, type FieldIssue } from '../contract/api-error.ts';
import { audit, bumpRevision, type WriteMeta } from './config-state.ts';
import { hostData } from './write-config.ts';
import { guardUpstreams } from './upstream-guard.ts';
import { existingAccessListIds } from './access-list.ts';
import { serializeHost, type HostView } from '../views/host.ts';

type Tx = Prisma.TransactionClient;
export type HostData = ReturnType<typeof HostInput.parse>;


export async function listHosts(db: Db): Promise<HostView[]> {
  const { hosts } = await readHostsAndPools(db);
  return hosts.map(serializeHost);
}

export async function getHostOrThrow(db: Db | Tx, id: string): Promise<HostRow> {
  const row = await db.host.findUnique({ where: { id }, include: hostInclude });
  if (!row) throw new ApiError('not_found', `host ${id} not found`);
  return row;
}

/** Pool references must exist; the error points at the location's field. */
async function checkReferences(tx: Tx, data: HostData): Promise<void> {
  await guardUpstreams(
    tx,
    data.locations.flatMap((l, i) => (l.action.kind === 'proxy' && l.action.address ? [{ path: `locations.${i}.action.address`, address: l.action.address }] : [])),
  );
  const issues: FieldIssue[] = [];
  const wanted = data.locations.flatMap((l, i) => (l.action.kind === 'proxy' && l.action.poolId ? [{ i, id: l.action.poolId }] : []));
  if (wanted.length > 0) {
    const found = new Set((await tx.pool.findMany({ where: { id: { in: wanted.map((w) => w.id) } }, select: { id: true } })).map((p) => p.id));
    issues.push(...wanted.filter((w) => !found.has(w.id)).map((w) => ({ path: `locations.${w.i}.action.poolId`, message: `pool ${w.id} does not exist` })));
  }
  const listRefs = [
    { path: 'policies.access.listId', id: data.policies.access?.listId },
    ...data.locations.map((l, i) => ({ path: `locations.${i}.policies.access.listId`, id: l.policies.access?.listId })),
  ].filter((r): r is { path: string; id: string } => r.id !== undefined);
  const lists = await existingAccessListIds(tx, listRefs.map((r) => r.id));
  issues.push(...listRefs.filter((r) => !lists.has(r.id)).map((r) => ({ path: r.path, message: `access list ${r.id} does not exist` })));
  if (data.tls.certificateId) {
    const cert = await tx.certificate.findUnique({ where: { id: data.tls.certificateId }, select: { id: true } });
    if (!cert) issues.push({ path: 'tls.certificateId', message: `certificate ${data.tls.certificateId} does not exist` });
  }
  if (issues.length > 0) throw validationError(issues);
}

/** One default server per entrypoint, as nginx ("a duplicate default server"): a clash is a 409 on defaultServer. */
async function checkDefaultServer(tx: Tx, data: HostData, hostId: string | null): Promise<void> {
  if (!data.defaultServer || !data.enabled) return;
  const others = await tx.host.findMany({ where: { defaultServer: true, enabled: true, ...(hostId ? { id: { not: hostId } } : {}) }, select: { id: true, entrypoints: true } });
  const clash = others.find((o) => (o.entrypoints as string[]).some((e) => data.entrypoints.includes(e as never)));
  if (clash) throw new ApiError('conflict', 'another host is already the default server on one of these entrypoints', { path: 'defaultServer', hostId: clash.id });
}

/** A name belongs to one host: report a clash as a 409 that names the field. */
async function checkNames(tx: Tx, data: HostData, hostId: string | null): Promise<void> {
  await checkDefaultServer(tx, data, hostId);
  const clash = await tx.hostName.findFirst({ where: { name: { in: data.serverNames }, ...(hostId ? { hostId: { not: hostId } } : {}) } });
  if (clash) {
    throw new ApiError('conflict', `server name "${clash.name}" is already used by another host`, { path: `serverNames.${data.serverNames.indexOf(clash.name)}`, hostId: clash.hostId });
  }
}


export async function createHost(db: Db, data: HostData, meta: WriteMeta): Promise<{ host: HostView; revision: number }> {
  return db.$transaction(async (tx) => {
    await checkNames(tx, data, null);
    await checkReferences(tx, data);
    const created = await tx.host.create({ data: hostData(data), include: hostInclude });
    const revision = await bumpRevision(tx, { summary: `host ${data.serverNames[0]} created`, source: 'api', principal: meta.principal });
    const host = serializeHost(created);
    await audit(tx, { ...meta, action: 'host.create', objectType: 'host', objectId: created.id, after: host, revision });
    return { host, revision };
  });
}

export async function replaceHost(db: Db, id: string, data: HostData, meta: WriteMeta): Promise<{ host: HostView; revision: number }> {
  return db.$transaction((tx) => replaceHostIn(tx, id, data, meta));
}

/** replaceHost inside the caller's transaction (a write that also changes a host). */
export async function replaceHostIn(tx: Tx, id: string, data: HostData, meta: WriteMeta, summary = `host ${data.serverNames[0]} updated`): Promise<{ host: HostView; revision: number }> {
  const before = serializeHost(await getHostOrThrow(tx, id));
  await checkNames(tx, data, id);
  await checkReferences(tx, data);
  await tx.hostName.deleteMany({ where: { hostId: id } });
  await tx.location.deleteMany({ where: { hostId: id } });
  const updated = await tx.host.update({ where: { id }, data: hostData(data), include: hostInclude });
  const revision = await bumpRevision(tx, { summary, source: 'api', principal: meta.principal });
  const host = serializeHost(updated);
  await audit(tx, { ...meta, action: 'host.update', objectType: 'host', objectId: id, before, after: host, revision });
  return { host, revision };
}

export async function deleteHost(db: Db, id: string, meta: WriteMeta): Promise<{ revision: number }> {
  return db.$transaction(async (tx) => {
    const before = serializeHost(await getHostOrThrow(tx, id));
    await tx.host.delete({ where: { id } });
    const revision = await bumpRevision(tx, { summary: `host ${before.serverNames[0]} deleted`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'host.delete', objectType: 'host', objectId: id, before, revision });
    return { revision };
  });
}

/** The current host as model input, for PATCH (merge, then validate the whole). */
export function hostInputOf(view: HostView): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, ...input } = view;
  return input;
}
