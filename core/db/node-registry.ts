// The node registry: every instance of Portico on one database has a row, kept fresh by its
// controller's heartbeat (controller/node-heartbeat.ts). A name belongs to one live instance
// at a time: the row is written by compare-and-set (its own instance, or a row that is down),
// so two instances given the same name cannot overwrite each other's figures — the second is
// refused and says so. Works the same on SQLite and PostgreSQL (plain updateMany/create).
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';
import { CONTROLLER_LEASE_NAME } from './lease.ts';

/** How often a live instance writes its row. */
export const NODE_HEARTBEAT_MS = 2_000;
/** Not seen for this long: down (a killed instance, a lost network, a paused machine). */
export const NODE_DOWN_AFTER_MS = 10_000;
/** A node down for this long is deleted from the registry (the lease holder prunes hourly). */
export const NODE_PRUNE_AFTER_MS = 24 * 60 * 60 * 1000;

export type NodeStatus = 'up' | 'down';

/** What a heartbeat writes. */
export interface NodeBeat {
  name: string;
  role: string;
  /** The instance (host:pid:random of its supervisor), the same across its children's restarts. */
  instanceId: string;
  /** Its controller's lease holder id. */
  controllerId: string | null;
  hostname: string;
  appliedRevision: number | null;
  requestsPerSecond: number;
  version: string;
  startedAt: Date;
}

/** One node as GET /api/v1/nodes and the Nodes page show it. */
export interface NodeView {
  name: string;
  role: string;
  appliedRevision: number | null;
  lastSeenAt: string;
  status: NodeStatus;
  /** This node's controller holds the controller lease: it does the background work. */
  controller: boolean;
  requestsPerSecond: number;
  hostname: string;
  version: string;
  startedAt: string;
  stoppedAt: string | null;
}

type NodeRow = Prisma.NodeGetPayload<object>;

export function nodeStatus(row: Pick<NodeRow, 'lastSeenAt' | 'stoppedAt'>, now: number): NodeStatus {
  return row.stoppedAt === null && now - row.lastSeenAt.getTime() < NODE_DOWN_AFTER_MS ? 'up' : 'down';
}

/** The row of a live instance other than `instanceId` that holds `name`, if there is one. */
export async function liveNameHolder(db: Db, name: string, instanceId: string | null, now = Date.now()): Promise<NodeRow | null> {
  const row = await db.node.findUnique({ where: { name } });
  if (!row || row.instanceId === instanceId || nodeStatus(row, now) === 'down') return null;
  return row;
}

/**
 * Registers or refreshes this instance's row. 'refused' (with the holder's row) when another
 * live instance holds the name: its row is left as it is.
 */
export async function heartbeat(db: Db, beat: NodeBeat, now = new Date()): Promise<{ ok: true } | { ok: false; holder: NodeRow }> {
  const data = { ...beat, lastSeenAt: now, stoppedAt: null };
  const { count } = await db.node.updateMany({
    where: {
      name: beat.name,
      OR: [{ instanceId: beat.instanceId }, { stoppedAt: { not: null } }, { lastSeenAt: { lt: new Date(now.getTime() - NODE_DOWN_AFTER_MS) } }],
    },
    data,
  });
  if (count === 1) return { ok: true };
  try {
    await db.node.create({ data });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
  }
  const holder = await db.node.findUnique({ where: { name: beat.name } });
  // Gone or down between the two statements: the next beat takes it.
  return holder ? { ok: false, holder } : { ok: true };
}

/** A clean stop: down at once, so nobody waits 10 s to learn it. */
export async function markStopped(db: Db, name: string, instanceId: string, now = new Date()): Promise<void> {
  await db.node.updateMany({ where: { name, instanceId }, data: { stoppedAt: now } });
}

/** Deletes nodes not seen for NODE_PRUNE_AFTER_MS; how many. */
export async function pruneNodes(db: Db, now = Date.now()): Promise<number> {
  const { count } = await db.node.deleteMany({ where: { lastSeenAt: { lt: new Date(now - NODE_PRUNE_AFTER_MS) } } });
  return count;
}

/** Every registered node, live ones first, then by name; the controller lease's holder marked. */
export async function listNodes(db: Db, now = Date.now()): Promise<NodeView[]> {
  const [rows, lease] = await Promise.all([db.node.findMany({ orderBy: { name: 'asc' } }), db.controllerLease.findUnique({ where: { name: CONTROLLER_LEASE_NAME } })]);
  const leaseHolder = lease && lease.expiresAt.getTime() > now ? lease.holder : null;
  const views = rows.map((row): NodeView => {
    const status = nodeStatus(row, now);
    return {
      name: row.name,
      role: row.role,
      appliedRevision: row.appliedRevision,
      lastSeenAt: row.lastSeenAt.toISOString(),
      status,
      controller: status === 'up' && leaseHolder !== null && row.controllerId === leaseHolder,
      requestsPerSecond: row.requestsPerSecond,
      hostname: row.hostname,
      version: row.version,
      startedAt: row.startedAt.toISOString(),
      stoppedAt: row.stoppedAt?.toISOString() ?? null,
    };
  });
  return views.sort((a, b) => Number(a.status === 'down') - Number(b.status === 'down'));
}
