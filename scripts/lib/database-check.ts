// Before anything opens, migrates or writes the database: is it the database Portico
// last ran on, whole and readable? Checked without changing a byte of it (the file is
// only read, and opened read-only once the bytes look sound), so a damaged database
// stays exactly as found for whoever repairs or restores it.
//
// Unusable: not a file, unreadable, a damaged header or write-ahead log, failed integrity,
// a schema newer than this code. Not the one in service: empty (missing, zero bytes, no
// tables, a fresh schema) although Portico ran before, another database's identity, or
// an older revision than the proxy last served. A first start is the only empty database
// that is not an incident.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readLastGoodRevision, lastGoodPath } from '../../proxy-engine/provider/last-good.ts';
import { listBackups } from './backup.ts';
import { identityInDatabase, readIdentityRecord, type DatabaseIdentity } from './database-identity.ts';
import { migrationNames, type MigrationPaths } from './migrations.ts';
import { DATABASE_HEADER_BYTES, WAL_HEADER_BYTES, readDatabaseHeader, walHeaderProblem } from './sqlite-headers.ts';

export type IncidentKind = 'unreadable' | 'wal_damaged' | 'newer_schema' | 'unrecognised' | 'emptied' | 'replaced' | 'older' | 'migration_failed';

export interface DatabaseIncident {
  kind: IncidentKind;
  /** One sentence: what is wrong with the database. */
  summary: string;
  /** The facts behind it (SQLite's own words, revisions, identities). */
  details: string[];
  /** A remedy particular to this case, besides restoring a backup or reinitialising. */
  hint: string | null;
  databaseFile: string;
}

export type DatabaseCheck = { ok: true; firstStart: boolean } | { ok: false; incident: DatabaseIncident };

/** What shows that Portico ran on a database here before. */
interface PreviousUse {
  identity: DatabaseIdentity | null;
  lastGoodExists: boolean;
  lastGoodRevision: number | null;
  backups: number;
}

function previousUse(dataDir: string): PreviousUse {
  return {
    identity: readIdentityRecord(dataDir),
    lastGoodExists: fs.existsSync(lastGoodPath(dataDir)),
    lastGoodRevision: readLastGoodRevision(dataDir),
    backups: listBackups(dataDir).length,
  };
}

function evidenceOf(previous: PreviousUse): string[] {
  const facts: string[] = [];
  if (previous.identity) facts.push(`the database ${previous.identity.id} (created ${previous.identity.createdAt}) is on record in database-identity.json`);
  if (previous.lastGoodRevision !== null) facts.push(`the proxy last served revision ${previous.lastGoodRevision} (last-good-config.json)`);
  else if (previous.lastGoodExists) facts.push('a last good configuration exists (last-good-config.json)');
  if (previous.backups > 0) facts.push(`${previous.backups} backup(s) exist in backups/`);
  return facts;
}

const usedBefore = (previous: PreviousUse) => evidenceOf(previous).length > 0;

function describeType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function errnoMessage(error: unknown): string {
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

class Incident extends Error {
  readonly incident: Omit<DatabaseIncident, 'databaseFile'>;
  constructor(incident: Omit<DatabaseIncident, 'databaseFile'>) {
    super(incident.summary);
    this.incident = incident;
  }
}

const unreadable = (summary: string, details: string[] = [], hint: string | null = null) => new Incident({ kind: 'unreadable', summary, details, hint });

/** Type, permissions and fixed headers of the database file and its companions: null when there is no database at all (missing or zero bytes). */
function checkFiles(dbFile: string, dataDir: string): string | null {
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

interface Contents {
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
function readContents(dbFile: string): Contents {
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

function emptied(summary: string, previous: PreviousUse): Incident {
  return new Incident({
    kind: 'emptied',
    summary: `${summary}, but Portico ran on a database here before`,
    details: [...evidenceOf(previous), 'Starting on it would create an empty configuration, a new administrator setup and overwrite the last good configuration.'],
    hint: null,
  });
}

function judge(contents: Contents, previous: PreviousUse, known: string[]): DatabaseCheck {
  if (contents.tables === 0) {
    if (!usedBefore(previous)) return { ok: true, firstStart: true };
    throw emptied('the database file holds no tables', previous);
  }
  if (!contents.hasMigrationsTable) {
    throw new Incident({ kind: 'unrecognised', summary: "the database file is a SQLite database, but not Portico's (it has no migrations table)", details: [], hint: null });
  }
  const unknown = contents.applied.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Incident({
      kind: 'newer_schema',
      summary: 'the database was migrated by a newer version of Portico than this one',
      details: [`migrations this version does not know: ${unknown.join(', ')}`, `the newest it knows: ${known[known.length - 1] ?? 'none'}`],
      hint: 'Run the newer version of Portico again, or restore a backup taken before the upgrade.',
    });
  }
  const fresh = contents.revision === 0 && contents.users === 0;
  if (previous.identity && contents.identity?.id !== previous.identity.id) {
    if (fresh && !contents.identity) throw emptied('the database is a fresh one (no configuration, no users)', previous);
    throw new Incident({
      kind: 'replaced',
      summary: 'the database is not the one Portico last ran on',
      details: [`on record: ${previous.identity.id}`, `in the database: ${contents.identity ? contents.identity.id : 'no identity (a database from another installation, or from before identities were kept)'}`],
      hint: 'If you put this database here on purpose, start with --restore and its path, so it is checked and taken into service deliberately.',
    });
  }
  // No identity on record (an installation from before identities were kept): the last good copy tells.
  if (!previous.identity && fresh && (previous.lastGoodRevision ?? 0) > 0) throw emptied('the database is a fresh one (no configuration, no users)', previous);
  if (previous.lastGoodRevision !== null && contents.revision < previous.lastGoodRevision) {
    throw new Incident({
      kind: 'older',
      summary: `the database holds configuration revision ${contents.revision}, older than revision ${previous.lastGoodRevision} that the proxy last served`,
      details: ['It was replaced by an older copy, or changes were lost. The proxy keeps serving the newer revision.'],
      hint: 'If you put this older database here on purpose, start with --restore and its path, so it is taken into service deliberately.',
    });
  }
  return { ok: true, firstStart: false };
}

/**
 * `reinitialising`: the operator asked for a fresh start (`--reinitialise`, which moved
 * the old files aside), so no database is expected whatever the backups say.
 */
export function checkDatabase(paths: MigrationPaths, dataDir: string, options: { reinitialising?: boolean } = {}): DatabaseCheck {
  const previous = previousUse(dataDir);
  try {
    const absent = checkFiles(paths.dbFile, dataDir);
    if (absent !== null) {
      if (options.reinitialising || !usedBefore(previous)) return { ok: true, firstStart: true };
      throw emptied(absent, previous);
    }
    return judge(readContents(paths.dbFile), previous, migrationNames(paths.migrationsDir));
  } catch (error) {
    if (error instanceof Incident) return { ok: false, incident: { ...error.incident, databaseFile: paths.dbFile } };
    return { ok: false, incident: { kind: 'unreadable', summary: `the database cannot be examined (${errnoMessage(error)})`, details: [], hint: null, databaseFile: paths.dbFile } };
  }
}
