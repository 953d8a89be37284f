// A fresh data directory with a migrated SQLite database, removed after the test; with
// PORTICO_TEST_DATABASE=postgresql, a fresh PostgreSQL database instead (test-database.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployMigrations } from '../../scripts/lib/migrations.ts';
import { createTestDatabase, testDatabaseIsPostgres } from './test-database.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export function migrationPaths(dataDir: string) {
  return {
    dbFile: path.join(dataDir, 'portico.db'),
    schemaPath: path.join(REPO_ROOT, 'prisma/schema.prisma'),
    migrationsDir: path.join(REPO_ROOT, 'prisma/migrations'),
  };
}

export async function createDataDir(prefix = 'portico-test-'): Promise<{ dir: string; cleanup(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (testDatabaseIsPostgres()) {
    const database = await createTestDatabase();
    return {
      dir,
      cleanup: () => {
        fs.rmSync(dir, { recursive: true, force: true });
        void database.drop();
      },
    };
  }
  await deployMigrations(migrationPaths(dir));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
