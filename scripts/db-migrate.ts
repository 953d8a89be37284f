// npm run db:migrate -- <name> — create a migration from prisma/schema.prisma changes, for
// both databases: SQLite's (prisma/migrations) and PostgreSQL's (prisma/postgresql/, whose
// schema is derived from prisma/schema.prisma and rewritten here). The SQLite difference is
// computed against a scratch database built from the existing migrations, so your data
// directory is never touched; PostgreSQL's against a scratch server (Debian's PostgreSQL 15,
// started in a temporary directory), since its schema engine needs one to talk to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMigration, migrationNames } from './lib/migrations.ts';
import { migrationPathsFor } from './lib/paths.ts';
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, postgresSchemaText, SQLITE_SCHEMA } from './lib/postgres-schema.ts';
import { writePostgresMigration } from './lib/postgres-migration-create.ts';
import { startPostgres } from './lib/postgres-server.ts';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: npm run db:migrate -- <name>   (lowercase letters, digits and _)\n');
  process.exit(2);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-migrate-'));
let created: string | null;
try {
  created = await createMigration(migrationPathsFor(scratch), name);
  console.log(created ? `created prisma/migrations/${created}/migration.sql` : 'SQLite: no schema changes: nothing to migrate');
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

// PostgreSQL: from the schema its migrations were last written for, to the derived one.
const previous = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, 'utf8') : null;
const next = postgresSchemaText(fs.readFileSync(SQLITE_SCHEMA, 'utf8'));
const hasMigrations = migrationNames(POSTGRES_MIGRATIONS).length > 0;
if (previous === next && hasMigrations) {
  console.log('PostgreSQL: no schema changes: nothing to migrate');
} else {
  const dirName = created ?? migrationNames(path.dirname(SQLITE_SCHEMA) + '/migrations').pop() ?? `00000000000000_${name}`;
  const server = await startPostgres();
  try {
    const written = await writePostgresMigration(server.adminUrl, POSTGRES_MIGRATIONS, dirName, hasMigrations ? previous : null, next, POSTGRES_SCHEMA);
    fs.writeFileSync(POSTGRES_SCHEMA, next);
    console.log(written ? `created prisma/postgresql/migrations/${dirName}/migration.sql` : 'PostgreSQL: no schema changes: nothing to migrate');
  } finally {
    await server.destroy();
  }
}
console.log('then: npm run db:generate (both clients)');
