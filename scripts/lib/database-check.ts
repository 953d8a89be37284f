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
import { readLastGoodRevision, lastGoodPath } from '../../core/db/last-good.ts';
import { listBackups } from '../../core/db/backup.ts';
import { readIdentityRecord, type DatabaseIdentity } from '../../core/db/database-identity.ts';
import { Incident, type DatabaseIncident } from './database-incident.ts';
import { checkFiles, errnoMessage, readContents, type Contents } from './database-read.ts';
import { migrationNames, type MigrationPaths } from './migrations.ts';

export type { DatabaseIncident, IncidentKind } from './database-incident.ts';

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
