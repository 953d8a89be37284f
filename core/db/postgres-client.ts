// Portico's database on PostgreSQL (PORTICO_DATABASE_URL): the client generated from
// prisma/postgresql/schema.prisma (the same models as SQLite's), over the pg driver adapter.
// Its API is the SQLite client's, so the rest of the code keeps one Db type.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresPrismaClient } from './generated-postgres/client.ts';
import { redactDatabaseUrl } from './database-url.ts';
import type { PrismaClient } from './generated/client.ts';

const postgresClients = new WeakSet<object>();

/** True for a client opened on PostgreSQL: raw SQL and SQLite-only steps ask this. */
export function isPostgres(db: object): boolean {
  return postgresClients.has(db) || (db as { _activeProvider?: string })._activeProvider === 'postgresql';
}

export function openPostgresDb(databaseUrl: string): PrismaClient {
  let lastWarning = '';
  // A server that goes away makes idle connections fail: say so once, never crash (an
  // unhandled pool 'error' would end the process; the engine must keep serving).
  const warn = (error: Error) => {
    const message = `the PostgreSQL database at ${redactDatabaseUrl(databaseUrl)}: ${error.message}`;
    if (message === lastWarning) return;
    lastWarning = message;
    process.emitWarning(message);
  };
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 },
    { onPoolError: warn, onConnectionError: warn },
  );
  const db = new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  postgresClients.add(db);
  return db;
}
