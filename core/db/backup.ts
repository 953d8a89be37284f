// Online backups of the SQLite database (consistent while the engine and dashboard run),
// checked with PRAGMA integrity_check.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export function backupDir(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

export interface BackupFile {
  file: string;
  name: string;
  bytes: number;
  createdAt: string;
}

/** One backup file as listed (its modification time is when it was taken). */
export function backupEntry(file: string, stat: fs.Stats = fs.statSync(file)): BackupFile {
  return { file, name: path.basename(file), bytes: stat.size, createdAt: stat.mtime.toISOString() };
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

/** An online backup into <data>/backups/portico-<time>-<reason>.db; returns its path. */
export async function backupDatabase(dbFile: string, dataDir: string, reason: string): Promise<string> {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return backupDatabaseTo(dbFile, path.join(dir, `portico-${stamp}-${reason}.db`));
}

/** An online backup into `target` (which must not exist), checked before it counts. */
export async function backupDatabaseTo(dbFile: string, target: string): Promise<string> {
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
