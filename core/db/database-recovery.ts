// The two deliberate ways out of a database incident, both run by the supervisor before
// anything opens the database: `npm start -- --restore <backup>` and
// `npm start -- --reinitialise`. Neither deletes anything: the database files, the last
// good configuration and the identity record are moved into
// backups/before-<restore|reinitialise>-<time>/, byte for byte as they were.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LAST_GOOD_FILE } from './last-good.ts';
import { backupDir, integrityProblem } from './backup.ts';
import { IDENTITY_FILE } from './database-identity.ts';

/** Where the database is and which migrations this version knows (scripts/lib/migrations.ts's MigrationPaths fits). */
export interface RecoveryPaths {
  dbFile: string;
  migrationsDir: string;
}

/** The migrations this version of Portico ships: prisma/migrations/<name>/migration.sql. */
export function knownMigrations(migrationsDir: string): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
}

/** Moves whatever of these exists: the database may be a file, a directory or missing. */
function filesToSetAside(paths: RecoveryPaths, dataDir: string): string[] {
  const names = ['', '-wal', '-shm', '-journal'].map((suffix) => `${paths.dbFile}${suffix}`);
  return [...names, path.join(dataDir, LAST_GOOD_FILE), path.join(dataDir, IDENTITY_FILE)];
}

function move(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    // backups/ on another file system (a symbolic link to a backup disk): copy, then remove.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

/** Moves the database and what belongs to it into a new backups/before-<reason>-<time>/; returns that directory. */
export function setAside(paths: RecoveryPaths, dataDir: string, reason: 'restore' | 'reinitialise'): { dir: string; moved: string[] } {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(backupDir(dataDir), `before-${reason}-${stamp}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const moved: string[] = [];
  for (const file of filesToSetAside(paths, dataDir)) {
    if (!fs.lstatSync(file, { throwIfNoEntry: false })) continue;
    move(file, path.join(dir, path.basename(file)));
    moved.push(path.basename(file));
  }
  return { dir, moved };
}

/** Why `file` cannot be restored, or null (checked on the copy about to be put in place). */
function restoreProblem(copy: string, known: string[]): string | null {
  const problem = integrityProblem(copy);
  if (problem) return `it fails SQLite's integrity check: ${problem}`;
  const db = new Database(copy, { readonly: true, fileMustExist: true });
  try {
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!hasMigrations) return "it is not a Portico database (it has no migrations table)";
    const applied = db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').pluck().all() as string[];
    const unknown = applied.filter((name) => !known.includes(name));
    if (unknown.length > 0) return `it was migrated by a newer version of Portico (${unknown.join(', ')})`;
    return null;
  } finally {
    db.close();
  }
}

/**
 * Puts a copy of `source` in service: a consistent copy is taken through SQLite's backup
 * API (so a database with its -wal beside it restores whole, and `source` may even be the
 * database in place), checked, and only then does the current database move aside.
 */
export async function restoreFromBackup(source: string, paths: RecoveryPaths, dataDir: string): Promise<{ dir: string; moved: string[] }> {
  const file = path.resolve(source);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new Error(`cannot restore ${file}: it is not a file`);
  const copy = `${paths.dbFile}.restoring-${process.pid}`;
  fs.rmSync(copy, { force: true });
  try {
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new Error(`cannot restore ${file}: SQLite cannot open it (${(error as Error).message})`);
    }
    try {
      await db.backup(copy);
    } catch (error) {
      throw new Error(`cannot restore ${file}: SQLite cannot read it (${(error as Error).message})`);
    } finally {
      db.close();
    }
    fs.chmodSync(copy, 0o600);
    const problem = restoreProblem(copy, knownMigrations(paths.migrationsDir));
    if (problem) throw new Error(`cannot restore ${file}: ${problem}`);
    const aside = setAside(paths, dataDir, 'restore');
    fs.renameSync(copy, paths.dbFile);
    return aside;
  } finally {
    fs.rmSync(copy, { force: true });
  }
}
