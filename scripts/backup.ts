// npm run backup — an online backup of the database into <data>/backups/.
import { backupDatabase } from '../core/db/backup.ts';
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { createLogger } from '../core/log/logger.ts';

const log = createLogger('cli');

const dataDir = dataDirFromEnv();
try {
  const file = await backupDatabase(migrationPathsFor(dataDir).dbFile, dataDir, 'manual');
  log.info(`backup written to ${file} (integrity check ok)`);
} catch (error) {
  log.fatal(`no backup written: ${(error as Error).message}`);
  process.exit(1);
}
