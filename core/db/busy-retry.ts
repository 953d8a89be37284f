// SQLite lets one connection write at a time. A transaction that reads first and then writes
// (every interactive Prisma transaction: the adapter opens them with a deferred BEGIN) fails
// at once with SQLITE_BUSY_SNAPSHOT when another connection committed in between: the busy
// timeout cannot help, its snapshot is stale. Nothing was written, so running the whole
// transaction again is safe, and the write the user asked for is not lost to a collision
// with the engine's rollups or the controller's lease.
import type { PrismaClient } from './generated/client.ts';

/** Attempts of one transaction (the collisions last microseconds: a few suffice). */
const ATTEMPTS = 5;

/** The SQLite result code behind a Prisma or driver adapter error, if any. */
function sqliteCode(error: unknown): string | undefined {
  const e = error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } }; cause?: { originalCode?: string }; code?: string } | null;
  return e?.meta?.driverAdapterError?.cause?.originalCode ?? e?.cause?.originalCode ?? (typeof e?.code === 'string' && e.code.startsWith('SQLITE_') ? e.code : undefined);
}

export function isBusy(error: unknown): boolean {
  return sqliteCode(error)?.startsWith('SQLITE_BUSY') ?? false;
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 10));

/** The client, with interactive transactions run again when they collided with another writer. */
export function retryBusyTransactions(client: PrismaClient): PrismaClient {
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  async function retrying(arg: unknown, options?: unknown): Promise<unknown> {
    // A batch ($transaction([...])) holds promises that run once: only callbacks are run again.
    if (typeof arg !== 'function') return transaction(arg, options);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(arg, options);
      } catch (error) {
        if (!isBusy(error) || attempt >= ATTEMPTS) throw error;
        await pause(attempt);
      }
    }
  }
  return new Proxy(client, {
    get(target, property, receiver) {
      return property === '$transaction' ? retrying : Reflect.get(target, property, receiver);
    },
  });
}
