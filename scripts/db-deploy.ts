// npm run db:deploy — apply pending migrations to the data directory's database, after
// the same check as `npm start`: a damaged, emptied or replaced database is never
// migrated over.
import { checkDatabase } from './lib/database-check.ts';
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { deployWithBackup } from './lib/deploy.ts';
import { preparePostgres } from './lib/postgres-deploy.ts';
import { databaseUrlFromEnv } from '../core/db/database-url.ts';

// PORTICO_DATABASE_URL: migrate that PostgreSQL database instead (scripts/lib/postgres-deploy.ts).
let postgresUrl: string | null;
try {
  postgresUrl = databaseUrlFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
if (postgresUrl) {
  const incident = await preparePostgres(postgresUrl, { info: (line) => console.log(line) });
  if (incident) {
    console.error(`refusing to migrate ${incident.databaseFile}: ${incident.summary}`);
    for (const line of [...incident.details, incident.hint ?? '']) if (line) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log('the PostgreSQL database is up to date');
  process.exit(0);
}
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
