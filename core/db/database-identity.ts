// Which database Portico last ran on. A random id is kept in two places: a Setting row
// inside the database and a small file beside it. A database that lacks the recorded id
// (emptied, replaced by a fresh one, swapped for another installation's) is not the one
// in service, however sound its file is; the supervisor refuses to start on it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const IDENTITY_SETTING_KEY = 'databaseIdentity';
export const IDENTITY_FILE = 'database-identity.json';

export interface DatabaseIdentity {
  id: string;
  createdAt: string;
}

export function parseIdentity(text: string): DatabaseIdentity | null {
  try {
    const value = JSON.parse(text) as Partial<DatabaseIdentity>;
    return typeof value.id === 'string' && value.id.length > 0 ? { id: value.id, createdAt: String(value.createdAt ?? '') } : null;
  } catch {
    return null;
  }
}

export function identityRecordPath(dataDir: string): string {
  return path.join(dataDir, IDENTITY_FILE);
}

/** The identity on record beside the database (null when none or unreadable). */
export function readIdentityRecord(dataDir: string): DatabaseIdentity | null {
  try {
    return parseIdentity(fs.readFileSync(identityRecordPath(dataDir), 'utf8'));
  } catch {
    return null;
  }
}

/** The identity stored in an open database (null when it has none). */
export function identityInDatabase(db: Database.Database): DatabaseIdentity | null {
  const row = db.prepare('SELECT value FROM Setting WHERE key = ?').get(IDENTITY_SETTING_KEY) as { value: string } | undefined;
  return row ? parseIdentity(row.value) : null;
}

function writeRecord(dataDir: string, identity: DatabaseIdentity): void {
  const file = identityRecordPath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** The record beside the database follows `identity` (written only when it differs). */
export function keepIdentityRecord(dataDir: string, identity: DatabaseIdentity): void {
  if (readIdentityRecord(dataDir)?.id !== identity.id) writeRecord(dataDir, identity);
}

/**
 * After a successful start: the database keeps its identity (a new one is created the
 * first time) and the record beside it follows. Only called on a database the checks
 * accepted, so adopting its identity is right.
 */
export function recordIdentity(dbFile: string, dataDir: string): DatabaseIdentity {
  const db = new Database(dbFile, { fileMustExist: true, timeout: 5000 });
  try {
    let identity = identityInDatabase(db);
    if (!identity) {
      identity = { id: randomUUID(), createdAt: new Date().toISOString() };
      // DateTime columns as Prisma stores them in SQLite (ISO 8601 with an explicit offset).
      db.prepare('INSERT INTO Setting (key, value, updatedAt) VALUES (?, ?, ?)').run(IDENTITY_SETTING_KEY, JSON.stringify(identity), identity.createdAt.replace('Z', '+00:00'));
    }
    keepIdentityRecord(dataDir, identity);
    return identity;
  } finally {
    db.close();
  }
}
