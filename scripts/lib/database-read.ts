// The database as bytes and then, read-only, as SQLite sees it: what the supervisor's
// check reads, without ever changing a byte of the database or its write-ahead log.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { identityInDatabase, type DatabaseIdentity } from '../../core/db/database-identity.ts';
import { Incident, unreadable } from './database-incident.ts';
import { DATABASE_HEADER_BYTES, WAL_HEADER_BYTES, readDatabaseHeader, walHeaderProblem } from './sqlite-headers.ts';

function describeType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function errnoMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.split('\n')[0]}` : String(error);
}

function readBytes(file: string, length: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    fs.closeSync(fd);
  }
}

/** Type, permissions and fixed headers of the database file and its companions: null when there is no database at all (missing or zero bytes). */
export function checkFiles(dbFile: string, dataDir: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dbFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(`the database file cannot be examined (${errnoMessage(error)})`);
    // A dangling symbolic link: SQLite would create a file wherever it points.
    if (fs.lstatSync(dbFile, { throwIfNoEntry: false })) throw unreadable(`the database file is a symbolic link to ${fs.readlinkSync(dbFile)}, which does not exist`);
    return 'the database file does not exist';
  }
  if (!stat.isFile()) throw unreadable(`the database path is ${describeType(stat)}, not a database file`, [], `Move it aside (mv ${dbFile} ${dbFile}.moved) and restore a backup.`);
  const ownerHint = `Give it back to the user running Portico (uid ${process.getuid?.() ?? '?'}) with read and write permission: chown and chmod 600.`;
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
    if (file !== dbFile && !fs.existsSync(file)) continue;
    const companion = fs.statSync(file);
    if (!companion.isFile()) throw unreadable(`${path.basename(file)} is ${describeType(companion)}, not a file`);
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch (error) {
      throw unreadable(`${path.basename(file)} cannot be read and written by this user (${errnoMessage(error)})`, [], ownerHint);
    }
  }
  try {
    // SQLite creates the -wal and -shm files beside the database.
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw unreadable(`the data directory ${dataDir} is not writable by this user (${errnoMessage(error)})`, [], ownerHint);
  }
  if (stat.size === 0) return 'the database file is empty (zero bytes)';

  let header: ReturnType<typeof readDatabaseHeader>;
  try {
    header = readDatabaseHeader(readBytes(dbFile, DATABASE_HEADER_BYTES));
  } catch (error) {
    throw unreadable(`the database file cannot be read (${errnoMessage(error)})`, [], ownerHint);
  }
  if (typeof header === 'string') throw unreadable(`the database file is not a SQLite database: ${header}`);
  if (header.pageCount !== null && stat.size < header.pageCount * header.pageSize) {
    throw unreadable('the database file is truncated', [`it is ${stat.size} bytes long; its header records ${header.pageCount} pages of ${header.pageSize} bytes (${header.pageCount * header.pageSize} bytes)`]);
  }
  const wal = `${dbFile}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    const problem = walHeaderProblem(readBytes(wal, WAL_HEADER_BYTES), header.pageSize);
    if (problem) {
      throw new Incident({
        kind: 'wal_damaged',
        summary: `the database's write-ahead log (${path.basename(wal)}) is damaged: ${problem}`,
        details: ['SQLite would silently discard it, and with it every change it holds that was not yet copied into the database file.'],
        hint: `The database file itself may be whole: moving the log aside (mv ${wal} ${wal}.damaged) and starting again opens it without the changes the log held.`,
      });
    }
  }
  return null;
}

export interface Contents {
  tables: number;
  applied: string[];
  hasMigrationsTable: boolean;
  revision: number;
  users: number;
  identity: DatabaseIdentity | null;
}

/**
 * Integrity and contents, read through a read-only connection: it never writes the
 * database file or its log. SQLite still creates an empty -wal and a -shm index for it;
 * those it created are removed again, so the directory is left as found.
 */
export function readContents(dbFile: string): Contents {
  const created = [`${dbFile}-wal`, `${dbFile}-shm`].filter((file) => !fs.existsSync(file));
  try {
    return readContentsReadOnly(dbFile);
  } finally {
    for (const file of created) fs.rmSync(file, { force: true });
  }
}

function readContentsReadOnly(dbFile: string): Contents {
  let db: Database.Database;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw unreadable(`SQLite cannot open the database (${sqliteWords(error)})`);
  }
  try {
    let problems: string[];
    try {
      problems = (db.prepare('PRAGMA quick_check').all() as { quick_check: string }[]).map((r) => r.quick_check);
    } catch (error) {
      throw unreadable(`SQLite cannot read the database (${sqliteWords(error)})`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw unreadable('the database is damaged: SQLite\'s integrity check failed', problems.join('\n').split('\n').filter(Boolean).slice(0, 5));
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const one = <T>(sql: string, fallback: T): T => {
      try {
        return (db.prepare(sql).pluck().get() as T | undefined) ?? fallback;
      } catch {
        return fallback;
      }
    };
    const hasMigrationsTable = tables.has('_prisma_migrations');
    const applied = hasMigrationsTable
      ? (db.prepare('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL').pluck().all() as string[])
      : [];
    let identity: DatabaseIdentity | null = null;
    try {
      identity = tables.has('Setting') ? identityInDatabase(db) : null;
    } catch {
      identity = null;
    }
    return {
      tables: tables.size,
      applied,
      hasMigrationsTable,
      revision: tables.has('ConfigState') ? Number(one('SELECT revision FROM ConfigState WHERE id = 1', 0)) : 0,
      users: tables.has('User') ? Number(one('SELECT count(*) FROM User', 0)) : 0,
      identity,
    };
  } finally {
    db.close();
  }
}

function sqliteWords(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ');
}
