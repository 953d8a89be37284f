// A backup of a PostgreSQL database (PORTICO_DATABASE_URL) is a SQLite database file like
// any other Portico backup: every row of every model, read in one consistent snapshot
// through the same Prisma API, written into a fresh file with the SQLite schema. So it is
// listed in <data>/backups with the others, its configuration restores from the dashboard,
// and `npm run db:copy -- --from <file> --to postgresql://…` puts all of it back (or
// `npm start -- --restore <file>` onto SQLite).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from './client.ts';
import { copyEveryModel } from './model-copy.ts';
import { redactDatabaseUrl } from './database-url.ts';
import { createSqliteDatabase } from './sqlite-schema.ts';

export async function backupPostgresTo(databaseUrl: string, target: string): Promise<string> {
  const where = redactDatabaseUrl(databaseUrl);
  if (fs.existsSync(target)) throw new Error(`could not back up ${where}: ${target} already exists`);
  // Built beside, then renamed: a half-written file is never listed as a backup.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-pg-backup-'));
  const file = path.join(scratch, 'portico.db');
  const source = await openDb(scratch, { databaseUrl });
  try {
    createSqliteDatabase(file);
    const copy = await openDb(scratch, { databaseUrl: null });
    try {
      await copyEveryModel(source, copy);
    } finally {
      await copy.$disconnect();
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, `${target}.partial`);
    fs.chmodSync(`${target}.partial`, 0o600);
    fs.renameSync(`${target}.partial`, target);
    return target;
  } catch (error) {
    throw new Error(`could not back up ${where}: ${(error as Error).message}`);
  } finally {
    await source.$disconnect();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
