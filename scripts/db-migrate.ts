// npm run db:migrate -- <name> — create a migration from prisma/schema.prisma changes.
// The difference is computed against a scratch database built from the existing
// migrations, so your data directory is never touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMigration } from './lib/migrations.ts';
import { migrationPathsFor } from './lib/paths.ts';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: npm run db:migrate -- <name>   (lowercase letters, digits and _)\n');
  process.exit(2);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-migrate-'));
try {
  const created = await createMigration(migrationPathsFor(scratch), name);
  console.log(created ? `created prisma/migrations/${created}/migration.sql` : 'no schema changes: nothing to migrate');
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
