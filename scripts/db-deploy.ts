// npm run db:deploy — apply pending migrations to the data directory's database, after
// the same check as `npm start`: a damaged, emptied or replaced database is never
// migrated over.
import { checkDatabase } from './lib/database-check.ts';
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { deployWithBackup } from './lib/deploy.ts';

const dataDir = dataDirFromEnv();
const paths = migrationPathsFor(dataDir);
const check = checkDatabase(paths, dataDir);
if (!check.ok) {
  console.error(`refusing to migrate ${paths.dbFile}: ${check.incident.summary}`);
  for (const line of [...check.incident.details, check.incident.hint ?? '']) if (line) console.error(`  ${line}`);
  console.error('see the README, "Recovering from a damaged database" (npm start -- --restore <backup> or --reinitialise)');
  process.exit(1);
}
// A command for a person at a terminal: plain lines, errors on stderr (the processes log JSON, core/log).
const applied = await deployWithBackup(paths, dataDir, (line) => console.log(line));
console.log(applied.length ? `applied ${applied.length} migration(s)` : 'the database is up to date');
