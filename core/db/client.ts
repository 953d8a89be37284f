// The one way to open Portico's database, for the engine and the dashboard alike: SQLite
// under the data directory, or PostgreSQL when PORTICO_DATABASE_URL is set.
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.ts';
import { retryBusyTransactions } from './busy-retry.ts';
import { databaseUrlFromEnv } from './database-url.ts';
import { openPostgresDb } from './postgres-client.ts';
import { announceCommittedRevisions } from './revision-announcements.ts';
import { revisionPublisher } from '../redis/revision-publisher.ts';
import { parseRedisUrl } from '../redis/url.ts';

export { isPostgres } from './postgres-client.ts';

export type Db = PrismaClient;

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'portico.db');
}

/**
 * The database and its -wal/-shm files hold password hashes and sealed keys: owner only,
 * whatever the umask or the directory's mode (SQLite creates them 0644 by default).
 */
export function restrictDatabaseFiles(dataDir: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      fs.chmodSync(`${databaseFile(dataDir)}${suffix}`, 0o600);
    } catch {
      // absent (the -wal comes and goes) or not ours to change
    }
  }
}

/** PORTICO_REDIS_URL: committed revisions are announced to every engine (revision-announcements.ts). */
function announcedOnRedis(client: PrismaClient): PrismaClient {
  const address = process.env.PORTICO_REDIS_URL ? parseRedisUrl(process.env.PORTICO_REDIS_URL) : null;
  // An invalid URL is refused by the environment check at start; here it only means no announcements.
  if (!address || typeof address === 'string') return client;
  return announceCommittedRevisions(client, revisionPublisher(address));
}

/**
 * WAL lets the engine read while the dashboard writes; synchronous=FULL makes every
 * committed write survive a power cut; busy_timeout waits for a lock instead of failing.
 */
export async function openDb(dataDir: string, options: { busyTimeoutMs?: number; databaseUrl?: string | null } = {}): Promise<Db> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // PostgreSQL: no PRAGMAs, no busy retries (it waits for row locks itself), no files to restrict.
  const databaseUrl = options.databaseUrl === undefined ? databaseUrlFromEnv() : options.databaseUrl;
  if (databaseUrl) return openPostgresDb(databaseUrl);
  const adapter = new PrismaBetterSqlite3({ url: `file:${databaseFile(dataDir)}`, timeout: options.busyTimeoutMs ?? 5000 });
  const db = announcedOnRedis(retryBusyTransactions(new PrismaClient({ adapter })));
  try {
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
    await db.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    await db.$executeRawUnsafe(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    restrictDatabaseFiles(dataDir);
  } catch (error) {
    // An unreadable database must not keep a process from starting: the engine serves its
    // last good configuration and reports the error; queries fail until the file is good.
    // (WAL mode is stored in the file itself, so a repaired file keeps it.)
    process.emitWarning(`the database at ${databaseFile(dataDir)} could not be prepared: ${(error as Error).message.split('\n').pop()}`);
  }
  return db;
}
