// npm run backup — an online backup of the database into <data>/backups/.
import { backupDatabase } from '../core/db/backup.ts';
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';

const dataDir = dataDirFromEnv();
try {
  const file = await backupDatabase(migrationPathsFor(dataDir).dbFile, dataDir, 'manual');
  console.log(`backup written to ${file} (integrity check ok)`);
} catch (error) {
  console.error(`no backup written: ${(error as Error).message}`);
  process.exit(1);
}
