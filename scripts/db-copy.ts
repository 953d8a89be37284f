// npm run db:copy -- --to postgresql://user:password@host:port/db [--from <source>] [--force]
//
// Moves a Portico installation to PostgreSQL (or back): copies every row of every model
// (hosts, pools, certificates, users, tokens, sessions, versions, audit, statistics,
// settings…) from the source to the target, migrating the target first, and checks the
// counts. The source is the SQLite database in PORTICO_DATA_DIR unless --from names a SQLite
// file (a backup, say) or a postgresql:// URL. A target that already holds rows is refused
// unless --force, which empties it first. Stop Portico before copying, so no write is
// made to the source after the copy and lost.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDb, type Db } from '../core/db/client.ts';
import { databaseUrlProblem, redactDatabaseUrl } from '../core/db/database-url.ts';
import { copyEveryModel, countEveryModel, emptyEveryModel, isEmpty } from '../core/db/model-copy.ts';
import { createSqliteDatabase } from '../core/db/sqlite-schema.ts';
import { secretKeyPath } from '../core/tls/secret-box.ts';
import { dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { deployMigrations, pendingMigrations } from './lib/migrations.ts';
import { preparePostgres } from './lib/postgres-deploy.ts';

const USAGE = 'usage: npm run db:copy -- --to <postgresql://user:password@host:port/db | file.db> [--from <file.db | postgresql://…>] [--force]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values: { to?: string; from?: string; force?: boolean };
try {
  ({ values } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' } }, strict: true, allowPositionals: false }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
if (!values.to) fail(USAGE);

const isUrl = (value: string) => /^postgres(ql)?:\/\//.test(value);

interface Endpoint {
  label: string;
  open(): Promise<Db>;
  /** Creates or migrates the database so it has the current schema. */
  prepare(): Promise<void>;
}

function postgresEndpoint(url: string, option: string): Endpoint {
  const problem = databaseUrlProblem(url);
  if (problem) fail(problem.replace('PORTICO_DATABASE_URL', option));
  return {
    label: redactDatabaseUrl(url),
    open: () => openDb(os.tmpdir(), { databaseUrl: url }),
    async prepare() {
      const incident = await preparePostgres(url, { info: (line) => console.log(line) });
      if (incident) fail(`${incident.summary}\n  ${[...incident.details, incident.hint ?? ''].filter(Boolean).join('\n  ')}`);
    },
  };
}

function scratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-copy-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A SQLite source is never changed: an online snapshot of it (consistent even while Portico
 * runs) is brought to the current schema (a backup from an older version, say) and read.
 */
function sqliteSource(file: string): Endpoint {
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) fail(`${absolute} does not exist`);
  const dir = scratchDir();
  return {
    label: absolute,
    open: () => openDb(dir, { databaseUrl: null }),
    async prepare() {
      const db = new Database(absolute, { readonly: true, fileMustExist: true });
      try {
        await db.backup(path.join(dir, 'portico.db'));
      } finally {
        db.close();
      }
      if ((await pendingMigrations(migrationPathsFor(dir))).length > 0) await deployMigrations(migrationPathsFor(dir));
    },
  };
}

/** A SQLite target file: created with the schema, or migrated; reached through a link (openDb takes a directory holding portico.db). */
function sqliteTarget(file: string): Endpoint {
  const absolute = path.resolve(file);
  const dir = scratchDir();
  const linked = path.join(dir, 'portico.db');
  return {
    label: absolute,
    open: () => openDb(dir, { databaseUrl: null }),
    async prepare() {
      if (!fs.existsSync(absolute)) createSqliteDatabase(absolute);
      fs.symlinkSync(absolute, linked);
      const paths = { ...migrationPathsFor(dir), dbFile: absolute };
      if ((await pendingMigrations(paths)).length > 0) await deployMigrations(paths);
    },
  };
}

const dataDir = dataDirFromEnv();
const source = values.from ? (isUrl(values.from) ? postgresEndpoint(values.from, '--from') : sqliteSource(values.from)) : sqliteSource(migrationPathsFor(dataDir).dbFile);
const target = isUrl(values.to) ? postgresEndpoint(values.to, '--to') : sqliteTarget(values.to);
if (source.label === target.label) fail('--from and --to are the same database');

console.log(`copying ${source.label} → ${target.label}`);
await source.prepare();
await target.prepare();
const from = await source.open();
const to = await target.open();
try {
  const existing = await countEveryModel(to);
  if (!isEmpty(existing)) {
    const held = Object.entries(existing).filter(([, n]) => n > 0).map(([m, n]) => `${m} ${n}`).join(', ');
    if (!values.force) fail(`refusing to copy: ${target.label} is not empty (${held}); --force empties it first`);
    console.log(`--force: emptying ${target.label} (${held})`);
    await emptyEveryModel(to);
  }
  const counts = await copyEveryModel(from, to, (model, rows) => console.log(`  ${model}: ${rows}`));
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`copied ${total} rows; the counts of every model match`);
  // Sealed secrets (certificate keys, DNS provider credentials) open only with the key that sealed them.
  if (!values.from) {
    console.log(`every instance on ${target.label} needs this installation's key: copy ${secretKeyPath(dataDir)} to each one's data directory (or point PORTICO_SECRET_KEY_FILE at it)`);
  }
} catch (error) {
  fail(`the copy failed, nothing is committed to ${target.label}: ${(error as Error).message}`);
} finally {
  await from.$disconnect();
  await to.$disconnect();
}
