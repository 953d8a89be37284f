// A new SQLite database with Portico's schema, built by running prisma/migrations' SQL and
// recording each migration the way Prisma's schema engine does (so `npm start` later finds
// nothing to apply). Used for backups of a PostgreSQL database (postgres-backup.ts), which
// are SQLite files like every other backup: listed, restorable and copyable alike. Plain
// better-sqlite3, no schema engine: the dashboard takes backups too, inside Next's bundle.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** prisma/migrations, found beside the sources or from the working directory (see core/nginx/import-in-worker.ts). */
export function sqliteMigrationsDir(): string {
  const candidates = [path.join(process.cwd(), 'prisma', 'migrations')];
  try {
    candidates.unshift(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations'));
  } catch {
    // Not a file: URL; the working directory will do.
  }
  const found = candidates.find((dir) => fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, 'migration_lock.toml')));
  if (!found) throw new Error(`Portico's SQLite migrations were not found: ${candidates.join(' or ')}`);
  return found;
}

const MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

/** Creates `file` (which must not exist) with every migration applied. */
export function createSqliteDatabase(file: string): void {
  if (fs.existsSync(file)) throw new Error(`${file} already exists`);
  const dir = sqliteMigrationsDir();
  const names = fs.readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.exec(MIGRATIONS_TABLE);
    const record = db.prepare('INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, ?, ?, 1)');
    for (const name of names) {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8');
      db.exec(sql);
      record.run(randomUUID(), createHash('sha256').update(sql).digest('hex'), Date.now(), name);
    }
  } finally {
    db.close();
  }
  fs.chmodSync(file, 0o600);
}
