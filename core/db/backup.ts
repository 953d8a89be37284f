// Online backups of the SQLite database (consistent while the engine and dashboard run),
// checked with PRAGMA integrity_check. With PORTICO_DATABASE_URL, of the PostgreSQL
// database, into the same kind of SQLite file (postgres-backup.ts).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { databaseUrlFromEnv } from './database-url.ts';
import { backupPostgresTo } from './postgres-backup.ts';

export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

export interface BackupFile {
  file: string;
  name: string;
  bytes: number;
  createdAt: string;
}

const STAMPED_NAME = /^portico-(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z-/;

/**
 * When a backup was taken: the time its name carries (written by this process's clock,
 * and kept when the file is copied elsewhere), else the file's modification time (a
 * backup put there by hand).
 */
export function backupTakenAt(name: string, stat: fs.Stats): Date {
  const stamp = STAMPED_NAME.exec(name);
  const at = stamp ? new Date(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}.${stamp[5]}Z`) : stat.mtime;
  return Number.isNaN(at.getTime()) ? stat.mtime : at;
}

/** One backup file as listed. */
export function backupEntry(file: string, stat: fs.Stats = fs.statSync(file)): BackupFile {
  const name = path.basename(file);
  return { file, name, bytes: stat.size, createdAt: backupTakenAt(name, stat).toISOString() };
}

/** The database backups in <data>/backups (pre-migrate, manual), newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.db'));
  } catch {
    return [];
  }
  const backups: BackupFile[] = [];
  for (const name of names) {
    try {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      if (stat.isFile()) backups.push(backupEntry(file, stat));
    } catch {
      // removed meanwhile
    }
  }
  return backups.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The time part of a backup's name (read back by backupTakenAt). */
export function backupStamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

/** An online backup into <data>/backups/portico-<time>-<reason>.db; returns its path. */
export async function backupDatabase(dbFile: string, dataDir: string, reason: string): Promise<string> {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = backupStamp(new Date());
  return backupDatabaseTo(dbFile, path.join(dir, `portico-${stamp}-${reason}.db`));
}

/** An online backup into `target` (which must not exist), checked before it counts. */
export async function backupDatabaseTo(dbFile: string, target: string): Promise<string> {
  // PORTICO_DATABASE_URL: the PostgreSQL database, dumped into the same kind of file.
  const databaseUrl = databaseUrlFromEnv();
  if (databaseUrl) {
    await backupPostgresTo(databaseUrl, target);
    const problem = integrityProblem(target);
    if (problem) {
      fs.rmSync(target, { force: true });
      throw new Error(`could not back up the PostgreSQL database: the copy failed its integrity check: ${problem}`);
    }
    return target;
  }
  if (fs.existsSync(target)) throw new Error(`could not back up ${dbFile}: ${target} already exists`);
  try {
    // Read-only: a read-write connection would discard a damaged write-ahead log on close.
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      await db.backup(target);
    } finally {
      db.close();
    }
    fs.chmodSync(target, 0o600);
    const problem = integrityProblem(target);
    if (problem) throw new Error(`the copy failed its integrity check: ${problem}`);
    return target;
  } catch (error) {
    // A failed copy must not be listed (and offered for restoring) as a backup.
    fs.rmSync(target, { force: true });
    throw new Error(`could not back up ${dbFile}: ${(error as Error).message}`);
  }
}

/** null when PRAGMA integrity_check says "ok". */
export function integrityProblem(file: string): string | null {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    return rows.length === 1 && rows[0]!.integrity_check === 'ok' ? null : rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Replaces the database with a backup (the engine and dashboard must be stopped). */
export function restoreDatabase(backupFile: string, dbFile: string): void {
  const problem = integrityProblem(backupFile);
  if (problem) throw new Error(`refusing to restore ${backupFile}: ${problem}`);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  fs.copyFileSync(backupFile, dbFile);
  fs.chmodSync(dbFile, 0o600);
}
