// npm run db:deploy — apply pending migrations to the data directory's database.
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { deployWithBackup } from './lib/deploy.ts';

const dataDir = dataDirFromEnv();
const applied = await deployWithBackup(migrationPathsFor(dataDir), dataDir);
console.log(applied.length ? `applied ${applied.length} migration(s)` : 'the database is up to date');
