// `npm run db:copy` moves an installation with every model to PostgreSQL (and back), refuses
// a target that holds rows unless --force, and checks the counts; a backup of a PostgreSQL
// database is a SQLite file that the same command restores.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { deployMigrations } from '../../scripts/lib/migrations.ts';
import { migrationPathsFor } from '../../scripts/lib/paths.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import { MODELS_IN_COPY_ORDER } from '../../core/db/model-copy.ts';
import { listBackups } from '../../core/db/backup.ts';
import { dumpEveryModel, fillEveryModel } from './every-model.ts';
import { ensureTemplate, TEMPLATE_DATABASE } from '../helpers/test-database.ts';
import os from 'node:os';

let server: PostgresServer;
let dataDir: string;
let sqlite: Db;
let original: Record<string, unknown[]>;

function run(script: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, script), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, PORTICO_DATABASE_URL: '', PORTICO_DATA_DIR: dataDir, ...env }, timeout: 60_000 });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A migrated database (the copy migrates an empty one itself; schema-and-migrations.test.ts covers that): loading the schema engine is most of a copy's time. */
const migratedDatabase = () => server.createDatabaseFrom(TEMPLATE_DATABASE);

beforeAll(async () => {
  server = await startPostgres();
  await ensureTemplate(server.adminUrl);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-copy-src-'));
  await deployMigrations(migrationPathsFor(dataDir));
  sqlite = await openDb(dataDir, { databaseUrl: null });
  await fillEveryModel(sqlite);
  original = await dumpEveryModel(sqlite, MODELS_IN_COPY_ORDER);
}, 60_000);
afterAll(async () => {
  await sqlite?.$disconnect();
  await server?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run db:copy', () => {
  it('copies every model of prisma/schema.prisma (the copy order lists them all)', () => {
    const schema = fs.readFileSync(path.join(REPO_ROOT, 'prisma/schema.prisma'), 'utf8');
    const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    expect([...MODELS_IN_COPY_ORDER].sort()).toEqual(models.sort());
    for (const model of MODELS_IN_COPY_ORDER) expect(original[model]!.length, model).toBeGreaterThan(0);
  });

  it('moves the SQLite installation to an empty PostgreSQL, row for row, and refuses a second copy unless --force', async () => {
    const url = await migratedDatabase();
    const first = run('scripts/db-copy.ts', ['--to', url]);
    expect(first.out).toContain('the counts of every model match');
    expect(first.status).toBe(0);
    expect(first.out).toContain('secret.key');
    expect(first.out).not.toContain('portico-test-password');
    const pg = await openDb(dataDir, { databaseUrl: url });
    try {
      expect(await dumpEveryModel(pg, MODELS_IN_COPY_ORDER)).toEqual(original);
      // A write after the copy: the refused second copy must leave it.
      await pg.setting.create({ data: { key: 'after-copy', value: true } });
      const again = run('scripts/db-copy.ts', ['--to', url]);
      expect(again.status).toBe(1);
      expect(again.out).toContain('is not empty');
      expect(await pg.setting.findUnique({ where: { key: 'after-copy' } })).not.toBeNull();
      const forced = run('scripts/db-copy.ts', ['--to', url, '--force']);
      expect(forced.status, forced.out).toBe(0);
      expect(await dumpEveryModel(pg, MODELS_IN_COPY_ORDER)).toEqual(original);
    } finally {
      await pg.$disconnect();
    }
  }, 180_000);

  it('says what is wrong with a bad target, changing nothing', () => {
    const bad = run('scripts/db-copy.ts', ['--to', 'postgresql://nobody:pw@127.0.0.1']);
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('--to');
    expect(bad.out).toContain('names no database');
  });
});

describe('backups on PostgreSQL', () => {
  it('npm run backup writes a SQLite file of every model, which db:copy restores to another PostgreSQL', async () => {
    const url = await migratedDatabase();
    expect(run('scripts/db-copy.ts', ['--to', url]).status).toBe(0);
    const backup = run('scripts/backup.ts', [], { PORTICO_DATABASE_URL: url });
    expect(backup.status, backup.out).toBe(0);
    const [file] = listBackups(dataDir);
    expect(file).toBeDefined();
    const restoredUrl = await migratedDatabase();
    const restore = run('scripts/db-copy.ts', ['--from', file!.file, '--to', restoredUrl]);
    expect(restore.status, restore.out).toBe(0);
    const restored = await openDb(dataDir, { databaseUrl: restoredUrl });
    try {
      expect(await dumpEveryModel(restored, MODELS_IN_COPY_ORDER)).toEqual(original);
    } finally {
      await restored.$disconnect();
    }
    // The backup is also a SQLite database Portico can run on as it is.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-restored-'));
    fs.copyFileSync(file!.file, path.join(dir, 'portico.db'));
    expect(await deployMigrations(migrationPathsFor(dir))).toEqual([]);
    const asSqlite = await openDb(dir, { databaseUrl: null });
    try {
      expect(await dumpEveryModel(asSqlite, MODELS_IN_COPY_ORDER)).toEqual(original);
    } finally {
      await asSqlite.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
