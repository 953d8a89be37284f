// A writer's side of the revision bus (core/redis/revision-channel.ts): a process that
// commits a new revision on SQLite (a dashboard-only instance, the controller, the
// `portico` command) tells every engine at once, as PostgreSQL's NOTIFY does on
// PostgreSQL. The connection is made at the first announcement, not before: most processes
// that open the database never write a revision.
import crypto from 'node:crypto';
import { RedisClient } from './client.ts';
import { DEFAULT_KEY_PREFIX } from './key-prefix.ts';
import { revisionChannel, revisionMessage } from './revision-channel.ts';
import type { RedisAddress } from './url.ts';

export interface RevisionPublisher {
  /** Resolves true once Redis took the announcement; false when it could not (the engines' poll covers). */
  publish(revision: number): Promise<boolean>;
  close(): void;
}

/** How long an announcement may wait for the first connection. */
const CONNECT_WAIT_MS = 1000;

export function revisionPublisher(address: RedisAddress, prefix = DEFAULT_KEY_PREFIX): RevisionPublisher {
  const origin = `writer-${crypto.randomBytes(8).toString('hex')}`;
  const channel = revisionChannel(prefix, address.db);
  let client: RedisClient | null = null;
  return {
    async publish(revision) {
      client ??= new RedisClient(address);
      if (!(await client.whenReady(CONNECT_WAIT_MS))) return false;
      try {
        await client.command(['PUBLISH', channel, revisionMessage(origin, revision)]);
        return true;
      } catch {
        return false;
      }
    },
    close() {
      client?.close();
      client = null;
    },
  };
}
