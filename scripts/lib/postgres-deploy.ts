// `npm start` and `npm run db:deploy` on PostgreSQL (PORTICO_DATABASE_URL): refuse a
// database migrated by a newer Portico, then apply the pending PostgreSQL migrations. The
// SQLite file checks (headers, WAL) have no PostgreSQL counterpart: the server keeps its own
// files whole. The identity check has one, run by `npm start` (postgres-identity.ts). Several instances may start at once: the schema engine takes
// PostgreSQL's advisory lock for migrations, so one applies them and the others find none.
import { redactDatabaseUrl } from '../../core/db/database-url.ts';
import type { DatabaseIncident } from './database-incident.ts';
import { deployMigrations, migrationNames } from './migrations.ts';
import { postgresMigrationPaths } from './paths.ts';
import { appliedPostgresMigrations } from './postgres-migrations.ts';

interface Log {
  info(line: string): void;
}

/** Applies pending migrations; the incident that keeps the database out of service, or null. */
export async function preparePostgres(databaseUrl: string, log: Log): Promise<DatabaseIncident | null> {
  const paths = postgresMigrationPaths(databaseUrl);
  const where = redactDatabaseUrl(databaseUrl);
  try {
    const known = new Set(migrationNames(paths.migrationsDir));
    const appliedBefore = await appliedPostgresMigrations(databaseUrl);
    const unknown = [...appliedBefore].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      return {
        kind: 'newer_schema',
        summary: `the PostgreSQL database was migrated by a newer version of Portico (${unknown.join(', ')})`,
        details: ['This version does not know those migrations; running on the database could damage it.'],
        hint: 'Run the newer version of Portico again.',
        databaseFile: where,
      };
    }
    // Nothing pending (every start but the first after an upgrade): no schema engine to load.
    if ([...known].every((name) => appliedBefore.has(name))) return null;
    const applied = await deployMigrations(paths);
    for (const name of applied) log.info(`applied migration ${name} to ${where}`);
    return null;
  } catch (error) {
    const lines = (error as Error).message.split('\n').map((l) => l.trim()).filter(Boolean);
    return {
      kind: 'migration_failed',
      summary: `preparing the PostgreSQL database failed: ${lines[0] ?? 'unknown error'}`,
      details: lines.slice(1, 6),
      hint: 'Is the PostgreSQL server running and reachable with PORTICO_DATABASE_URL? Start again once it is.',
      databaseFile: where,
    };
  }
}
