// A lease in the database: of every process that wants it, exactly one holds it at a time.
// Taken, renewed and taken over by compare-and-set, one UPDATE ... WHERE (holder is me, or
// the lease has expired): the database decides between two contenders, so it works the same
// on SQLite and on PostgreSQL when several instances share one. A holder that dies stops
// renewing; another takes the lease over once it has expired.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';

/** The lease of the controller that acts (controller/lease-keeper.ts); the node registry marks its holder. */
export const CONTROLLER_LEASE_NAME = 'controller';

/** A name for this process that no other instance shares: host, pid and a random part. */
export function leaseHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Takes or renews the lease `name` for `holder` until now + ttlMs. True when `holder` holds
 * it now; false when another holder's lease has not expired.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { count } = await db.controllerLease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  try {
    // Nobody ever held it: the first insert wins, a second one hits the primary key.
    await db.controllerLease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
    throw error;
  }
}

/** Gives the lease up (a graceful stop), so another instance need not wait for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.controllerLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

/** Who holds the lease and until when (null: never taken). */
export async function leaseHolder(db: Db, name: string): Promise<{ holder: string; expiresAt: Date } | null> {
  return db.controllerLease.findUnique({ where: { name }, select: { holder: true, expiresAt: true } });
}
