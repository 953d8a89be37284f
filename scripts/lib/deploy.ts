// Deploys pending migrations, taking an online backup of an existing database first, and
// says how to go back: an upgrade that migrated cannot be undone by running the older
// version on the migrated database, only by restoring the backup taken before.
import fs from 'node:fs';
import { backupDatabase } from '../../core/db/backup.ts';
import { deployMigrations, pendingMigrations, type MigrationPaths } from './migrations.ts';
import { restoreCommand } from './incident-page.ts';

export async function deployWithBackup(paths: MigrationPaths, dataDir: string, log: (line: string) => void): Promise<string[]> {
  const pending = await pendingMigrations(paths);
  if (pending.length === 0) return [];
  let backup: string | null = null;
  if (fs.existsSync(paths.dbFile) && fs.statSync(paths.dbFile).size > 0) {
    backup = await backupDatabase(paths.dbFile, dataDir, 'pre-migrate');
    log(`backed up the database to ${backup} before applying ${pending.length} migration(s)`);
  }
  const applied = await deployMigrations(paths);
  for (const name of applied) log(`applied migration ${name}`);
  if (backup && applied.length > 0) {
    log(`to go back to the version that ran before this upgrade: stop Portico, install that version, then start it with ${restoreCommand(backup)}`);
  }
  return applied;
}
