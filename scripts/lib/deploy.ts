// Deploys pending migrations, taking an online backup of an existing database first.
import fs from 'node:fs';
import { backupDatabase } from '../../core/db/backup.ts';
import { deployMigrations, pendingMigrations, type MigrationPaths } from './migrations.ts';

export async function deployWithBackup(paths: MigrationPaths, dataDir: string, log: (line: string) => void = console.log): Promise<string[]> {
  const pending = await pendingMigrations(paths);
  if (pending.length === 0) return [];
  if (fs.existsSync(paths.dbFile) && fs.statSync(paths.dbFile).size > 0) {
    const backup = await backupDatabase(paths.dbFile, dataDir, 'pre-migrate');
    log(`[portico] backed up the database to ${backup}`);
  }
  const applied = await deployMigrations(paths);
  for (const name of applied) log(`[portico] applied migration ${name}`);
  return applied;
}
