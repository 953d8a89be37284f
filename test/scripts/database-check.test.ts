// The supervisor's database check, case by case: every way a database can be unusable or
// not the one in service is an incident of the right kind, found without changing a byte
// of the database; a healthy database (even with a live write-ahead log) and a first
// start are not. Then the deliberate ways out: --restore and --reinitialise move the old
// files aside, byte for byte.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, type IncidentKind } from '../../scripts/lib/database-check.ts';
import { IDENTITY_FILE, recordIdentity } from '../../scripts/lib/database-identity.ts';
import { restoreFromBackup, setAside } from '../../scripts/lib/database-recovery.ts';
import { deployMigrations } from '../../scripts/lib/migrations.ts';
import { LAST_GOOD_FILE } from '../../core/db/last-good.ts';
import { createDataDir, migrationPaths } from '../helpers/data-dir.ts';

const dirs: string[] = [];
let seed: string;
let freshDb: string;
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-dbcheck-'));
  dirs.push(dir);
  return dir;
}

/** A data directory as Portico leaves it: revision 3, an administrator, an identity, a last good copy at revision 3. */
beforeAll(async () => {
  seed = scratch();
  const { dbFile } = migrationPaths(seed);
  await deployMigrations(migrationPaths(seed));
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.prepare("INSERT INTO ConfigState (id, revision, updatedAt) VALUES (1, 3, '2026-01-01T00:00:00.000+00:00')").run();
  db.prepare("INSERT INTO User (id, email, passwordHash, role) VALUES ('u1', 'a@example.com', 'x', 'ADMIN')").run();
  db.close();
  recordIdentity(dbFile, seed);
  fs.writeFileSync(path.join(seed, LAST_GOOD_FILE), JSON.stringify({ revision: 3, settings: {}, hosts: [], pools: [], errors: [], limitZones: [], cacheZones: [] }));
  const fresh = await createDataDir('portico-dbcheck-fresh-');
  dirs.push(fresh.dir);
  freshDb = migrationPaths(fresh.dir).dbFile;
});

function copySeed(): { dir: string; dbFile: string } {
  const dir = scratch();
  fs.cpSync(seed, dir, { recursive: true });
  return { dir, dbFile: migrationPaths(dir).dbFile };
}

function overwrite(file: string, offset: number, bytes: Buffer): void {
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, bytes, 0, bytes.length, offset);
  fs.closeSync(fd);
}

/** The database files' bytes (or what they are), to prove the check changed nothing. */
function fingerprint(dbFile: string): string {
  return ['', '-wal'].map((suffix) => {
    const file = `${dbFile}${suffix}`;
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return 'absent';
    if (!stat.isFile()) return stat.isDirectory() ? 'directory' : 'other';
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }).join(' ');
}

/** Leaves a live write-ahead log beside the database, as a crash would. */
function liveWal(dbFile: string, dir: string): void {
  const writer = new Database(dbFile);
  writer.prepare("INSERT INTO Setting (key, value, updatedAt) VALUES ('crash', '{}', '2026-01-01T00:00:00.000+00:00')").run();
  const copy = path.join(dir, 'crash');
  fs.mkdirSync(copy);
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(`${dbFile}${suffix}`, path.join(copy, `portico.db${suffix}`));
  writer.close();
  for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(path.join(copy, `portico.db${suffix}`), `${dbFile}${suffix}`);
  fs.rmSync(copy, { recursive: true });
}

interface Case {
  desc: string;
  damage: (dbFile: string, dir: string) => void;
  expected: IncidentKind | 'ok';
  /** Words the incident's summary or details must contain. */
  says?: RegExp;
}

const cases: Case[] = [
  { desc: 'a healthy database', damage: () => {}, expected: 'ok' },
  { desc: 'a healthy database with a live write-ahead log (after a crash)', damage: liveWal, expected: 'ok' },
  { desc: 'garbage over the header', damage: (f) => overwrite(f, 0, Buffer.alloc(100, 0x41)), expected: 'unreadable', says: /not a SQLite database/ },
  { desc: 'garbage over the first 16 bytes only', damage: (f) => overwrite(f, 0, Buffer.from('0123456789abcdef')), expected: 'unreadable', says: /not a SQLite database/ },
  { desc: 'an impossible page size', damage: (f) => overwrite(f, 16, Buffer.from([0x03, 0x00])), expected: 'unreadable', says: /page size/ },
  { desc: 'truncated to half', damage: (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)), expected: 'unreadable', says: /truncated/ },
  { desc: 'truncated by its last page', damage: (f) => fs.truncateSync(f, fs.statSync(f).size - 4096), expected: 'unreadable', says: /truncated/ },
  { desc: 'truncated inside the header', damage: (f) => fs.truncateSync(f, 50), expected: 'unreadable', says: /only 50 bytes/ },
  { desc: 'a damaged page in the middle', damage: (f) => overwrite(f, 4096 * 20, Buffer.alloc(4096, 0x5a)), expected: 'unreadable', says: /integrity|malformed/ },
  {
    desc: 'a directory in its place',
    damage: (f) => {
      fs.rmSync(f);
      fs.mkdirSync(f);
    },
    expected: 'unreadable',
    says: /a directory/,
  },
  {
    desc: 'a symbolic link to nothing in its place',
    damage: (f) => {
      fs.rmSync(f);
      fs.symlinkSync('/nonexistent/portico.db', f);
    },
    expected: 'unreadable',
    says: /symbolic link/,
  },
  { desc: 'a write-ahead log of garbage', damage: (f) => fs.writeFileSync(`${f}-wal`, Buffer.alloc(8192, 0x33)), expected: 'wal_damaged', says: /not a SQLite WAL header/ },
  {
    desc: 'a write-ahead log whose header is torn (zeros)',
    damage: (f, dir) => {
      liveWal(f, dir);
      overwrite(`${f}-wal`, 0, Buffer.alloc(32));
    },
    expected: 'wal_damaged',
  },
  {
    desc: 'a write-ahead log with one flipped bit in its salt',
    damage: (f, dir) => {
      liveWal(f, dir);
      const wal = fs.readFileSync(`${f}-wal`);
      overwrite(`${f}-wal`, 16, Buffer.from([wal[16]! ^ 1]));
    },
    expected: 'wal_damaged',
    says: /checksum/,
  },
  { desc: 'a write-ahead log shorter than its header', damage: (f) => fs.writeFileSync(`${f}-wal`, Buffer.from([0x37, 0x7f, 0x06])), expected: 'wal_damaged' },
  {
    desc: 'a schema newer than the code',
    damage: (f) => {
      const db = new Database(f);
      db.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, started_at, applied_steps_count) VALUES ('x', 'x', '29990101000000_from_the_future', 1, 1, 1)").run();
      db.close();
    },
    expected: 'newer_schema',
    says: /29990101000000_from_the_future/,
  },
  { desc: 'zero bytes', damage: (f) => fs.truncateSync(f, 0), expected: 'emptied', says: /zero bytes/ },
  { desc: 'missing', damage: (f) => fs.rmSync(f), expected: 'emptied', says: /does not exist/ },
  { desc: 'a fresh schema (migrated, empty)', damage: (f) => fs.copyFileSync(freshDb, f), expected: 'emptied', says: /fresh/ },
  {
    desc: 'a SQLite file without tables',
    damage: (f) => {
      fs.rmSync(f);
      new Database(f).pragma('journal_mode = WAL');
    },
    expected: 'emptied',
    says: /no tables/,
  },
  {
    desc: "another installation's database",
    damage: (f, dir) => {
      fs.rmSync(path.join(dir, IDENTITY_FILE));
      fs.writeFileSync(path.join(dir, IDENTITY_FILE), JSON.stringify({ id: 'another', createdAt: '2026-01-01' }));
    },
    expected: 'replaced',
  },
  {
    desc: 'an older copy of the same database',
    damage: (f) => {
      const db = new Database(f);
      db.prepare('UPDATE ConfigState SET revision = 1').run();
      db.close();
    },
    expected: 'older',
    says: /revision 1, older than revision 3/,
  },
  {
    desc: "a SQLite database that is not Portico's",
    damage: (f) => {
      fs.rmSync(f);
      const db = new Database(f);
      db.exec('CREATE TABLE notes (text TEXT)');
      db.close();
    },
    expected: 'unrecognised',
  },
  {
    desc: 'no identity on record (an older installation) and a fresh schema, with a last good revision above 0',
    damage: (f, dir) => {
      fs.rmSync(path.join(dir, IDENTITY_FILE));
      fs.copyFileSync(freshDb, f);
    },
    expected: 'emptied',
  },
  {
    desc: 'no identity on record (an older installation) and its own database',
    damage: (f, dir) => {
      fs.rmSync(path.join(dir, IDENTITY_FILE));
      const db = new Database(f);
      db.prepare("DELETE FROM Setting WHERE key = 'databaseIdentity'").run();
      db.close();
    },
    expected: 'ok',
  },
];

describe('the database check before start', () => {
  it.each(cases)('$desc → $expected', ({ damage, expected, says }) => {
    const { dir, dbFile } = copySeed();
    damage(dbFile, dir);
    const before = fingerprint(dbFile);
    const check = checkDatabase(migrationPaths(dir), dir);
    expect(fingerprint(dbFile)).toBe(before);
    if (expected === 'ok') {
      expect(check).toEqual({ ok: true, firstStart: false });
      return;
    }
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.incident.kind).toBe(expected);
    expect(check.incident.databaseFile).toBe(dbFile);
    if (says) expect([check.incident.summary, ...check.incident.details].join('\n')).toMatch(says);
  });

  it('a first start (nothing in the data directory) is not an incident', () => {
    const dir = scratch();
    expect(checkDatabase(migrationPaths(dir), dir)).toEqual({ ok: true, firstStart: true });
  });

  it('each sign of earlier use alone makes a missing database an incident', () => {
    const signs: Record<string, (dir: string) => void> = {
      'a last good configuration': (dir) => fs.writeFileSync(path.join(dir, LAST_GOOD_FILE), JSON.stringify({ revision: 0 })),
      'a backup': (dir) => {
        fs.mkdirSync(path.join(dir, 'backups'));
        fs.writeFileSync(path.join(dir, 'backups', 'portico-x-manual.db'), 'x');
      },
      'an identity on record': (dir) => fs.writeFileSync(path.join(dir, IDENTITY_FILE), JSON.stringify({ id: 'x', createdAt: '' })),
    };
    for (const [sign, leave] of Object.entries(signs)) {
      const dir = scratch();
      leave(dir);
      const check = checkDatabase(migrationPaths(dir), dir);
      expect(check.ok ? 'ok' : check.incident.kind, sign).toBe('emptied');
      expect(fs.existsSync(migrationPaths(dir).dbFile), sign).toBe(false);
    }
  });
});

describe('deliberate recovery', () => {
  it('--reinitialise moves the database, its log, the last good copy and the identity aside byte for byte', () => {
    const { dir, dbFile } = copySeed();
    liveWal(dbFile, dir);
    const before = { db: fs.readFileSync(dbFile), wal: fs.readFileSync(`${dbFile}-wal`), lastGood: fs.readFileSync(path.join(dir, LAST_GOOD_FILE)) };
    const aside = setAside(migrationPaths(dir), dir, 'reinitialise');
    expect(path.basename(aside.dir)).toMatch(/^before-reinitialise-/);
    expect(aside.moved).toEqual(expect.arrayContaining(['portico.db', 'portico.db-wal', LAST_GOOD_FILE, IDENTITY_FILE]));
    expect(fs.readFileSync(path.join(aside.dir, 'portico.db')).equals(before.db)).toBe(true);
    expect(fs.readFileSync(path.join(aside.dir, 'portico.db-wal')).equals(before.wal)).toBe(true);
    expect(fs.readFileSync(path.join(aside.dir, LAST_GOOD_FILE)).equals(before.lastGood)).toBe(true);
    expect(fs.existsSync(dbFile)).toBe(false);
    expect(checkDatabase(migrationPaths(dir), dir, { reinitialising: true })).toEqual({ ok: true, firstStart: true });
  });

  it('--restore refuses a damaged backup and changes nothing', async () => {
    const { dir, dbFile } = copySeed();
    const bad = path.join(dir, 'bad.db');
    fs.copyFileSync(dbFile, bad);
    overwrite(bad, 0, Buffer.alloc(100, 0x41));
    const before = fingerprint(dbFile);
    await expect(restoreFromBackup(bad, migrationPaths(dir), dir)).rejects.toThrow(/cannot restore/);
    expect(fingerprint(dbFile)).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('--restore of the database in place (with its live log) keeps its content and sets the old files aside', async () => {
    const { dir, dbFile } = copySeed();
    liveWal(dbFile, dir);
    const aside = await restoreFromBackup(dbFile, migrationPaths(dir), dir);
    expect(fs.existsSync(path.join(aside.dir, 'portico.db-wal'))).toBe(true);
    expect(fs.statSync(dbFile).mode & 0o777).toBe(0o600);
    const db = new Database(dbFile, { readonly: true });
    expect(db.prepare("SELECT count(*) FROM Setting WHERE key = 'crash'").pluck().get()).toBe(1);
    db.close();
    // Nothing on record to compare with: the restored database is taken into service.
    expect(checkDatabase(migrationPaths(dir), dir)).toEqual({ ok: true, firstStart: false });
  });
});
