// Where things are, for the scripts.
import path from 'node:path';
import type { MigrationPaths } from './migrations.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  // An empty variable means unset (core/env.ts): never the repository root itself.
  return path.resolve(ROOT, env.PORTICO_DATA_DIR || 'data');
}

export function migrationPathsFor(dataDir: string): MigrationPaths {
  return {
    dbFile: path.join(dataDir, 'portico.db'),
    schemaPath: path.join(ROOT, 'prisma/schema.prisma'),
    migrationsDir: path.join(ROOT, 'prisma/migrations'),
  };
}

/** PostgreSQL's migrations (prisma/postgresql/, derived from prisma/schema.prisma) for PORTICO_DATABASE_URL. */
export function postgresMigrationPaths(databaseUrl: string): MigrationPaths {
  return {
    dbFile: '',
    databaseUrl,
    schemaPath: path.join(ROOT, 'prisma/postgresql/schema.prisma'),
    migrationsDir: path.join(ROOT, 'prisma/postgresql/migrations'),
  };
}
