// npm run db:deploy — apply pending migrations to the data directory's database, after
// the same check as `npm start`: a damaged, emptied or replaced database is never
// migrated over.
import { checkDatabase } from './lib/database-check.ts';
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { deployWithBackup } from './lib/deploy.ts';
import { createLogger } from '../core/log/logger.ts';

const log = createLogger('cli');

const dataDir = dataDirFromEnv();
const paths = migrationPathsFor(dataDir);
const check = checkDatabase(paths, dataDir);
if (!check.ok) {
  log.fatal(`refusing to migrate ${paths.dbFile}: ${check.incident.summary}`);
  for (const line of [...check.incident.details, check.incident.hint ?? '']) if (line) log.error(`  ${line}`);
  log.error('see the README, "Recovering from a damaged database" (npm start -- --restore <backup> or --reinitialise)');
  process.exit(1);
}
const applied = await deployWithBackup(paths, dataDir, (line) => log.info(line));
log.info(applied.length ? `applied ${applied.length} migration(s)` : 'the database is up to date');
