// SQLite with PORTICO_REDIS_URL: a committed revision is announced on the Redis revision bus
// so every engine applies it at once instead of at its next 1 s poll (on PostgreSQL, the
// revision's NOTIFY does this: postgres-revision-channel.ts). bumpRevision notes the
// revision on its transaction; the announcement goes out only once that transaction has
// committed (an engine told earlier would read the old revision and wait for its poll).
import type { PrismaClient } from './generated/client.ts';

const bumped = new WeakMap<object, number>();

/** Inside the revision-bumping transaction (bumpRevision): announce `revision` on commit. */
export function noteRevisionBump(tx: object, revision: number): void {
  bumped.set(tx, revision);
}

interface Announcer {
  publish(revision: number): Promise<boolean>;
  close(): void;
}

/** The client whose committed revision bumps are handed to `announcer` (closed with the client). */
export function announceCommittedRevisions(client: PrismaClient, announcer: Announcer): PrismaClient {
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  async function announcing(arg: unknown, options?: unknown): Promise<unknown> {
    // A batch ($transaction([...])) runs no bumpRevision: nothing to announce.
    if (typeof arg !== 'function') return transaction(arg, options);
    let revision: number | undefined;
    const result = await transaction(async (tx: object) => {
      const value: unknown = await (arg as (tx: object) => Promise<unknown>)(tx);
      revision = bumped.get(tx);
      return value;
    }, options);
    // Not awaited: the write is done; an announcement that fails costs the engines one poll.
    if (revision !== undefined) void announcer.publish(revision);
    return result;
  }
  const disconnect = client.$disconnect.bind(client);
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === '$transaction') return announcing;
      if (property === '$disconnect') {
        return async () => {
          announcer.close();
          await disconnect();
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
