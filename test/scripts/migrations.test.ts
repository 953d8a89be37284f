// Offline migrations: create and deploy on a fresh database and on one with data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigration, deployMigrations, pendingMigrations } from '../../scripts/lib/migrations.ts';
import { backupDatabase, integrityProblem, restoreDatabase } from '../../core/db/backup.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';

const dirs: string[] = [];
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-mig-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the project's migrations and schema, so tests can add migrations freely. */
function workspace() {
  const dir = scratch();
  fs.cpSync(path.join(REPO_ROOT, 'prisma/migrations'), path.join(dir, 'migrations'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'prisma/schema.prisma'), path.join(dir, 'schema.prisma'));
  return { dir, paths: { dbFile: path.join(dir, 'data', 'portico.db'), schemaPath: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') } };
}

const addColumn = (schemaPath: string) =>
  fs.writeFileSync(schemaPath, fs.readFileSync(schemaPath, 'utf8').replace('  revision  Int      @default(0)', '  revision  Int      @default(0)\n  note      String?'));

describe('migrations', () => {
  it('deploys every migration to a fresh database', async () => {
    const { paths } = workspace();
    const applied = await deployMigrations(paths);
    expect(applied.length).toBeGreaterThan(0);
    expect(await pendingMigrations(paths)).toEqual([]);
    const db = new Database(paths.dbFile, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
    db.close();
    expect(tables).toEqual(expect.arrayContaining(['Host', 'Location', 'Pool', 'Server', 'User', 'Session', 'ApiToken', 'AuditEvent', 'ConfigVersion', 'Certificate', 'StatsMinute']));
    expect(await deployMigrations(paths)).toEqual([]);
  });

  it('reports no change when the schema matches the migrations', async () => {
    const { paths } = workspace();
    expect(await createMigration(paths, 'nothing')).toBeNull();
  });

  it('creates a migration for a schema change and deploys it to a database with data, keeping the data', async () => {
    const { paths } = workspace();
    await deployMigrations(paths);
    const db = new Database(paths.dbFile);
    db.prepare("INSERT INTO Pool (id, name, algorithm, balance, keepalive, tls, queue, createdAt, updatedAt) VALUES ('p1', 'kept', 'ROUND_ROBIN', '{}', '{}', '{}', '{}', 0, 0)").run();
    db.close();

    addColumn(paths.schemaPath);
    const name = await createMigration(paths, 'add_note', new Date('2099-01-01T00:00:00Z'));
    expect(name).toMatch(/^20990101000000_add_note$/);
    expect(fs.readFileSync(path.join(paths.migrationsDir, name!, 'migration.sql'), 'utf8')).toContain('ADD COLUMN "note"');
    expect(await pendingMigrations(paths)).toEqual([name]);

    expect(await deployMigrations(paths)).toEqual([name]);
    const after = new Database(paths.dbFile, { readonly: true });
    expect(after.prepare('SELECT name FROM Pool').all()).toEqual([{ name: 'kept' }]);
    expect((after.prepare('PRAGMA table_info(ConfigState)').all() as { name: string }[]).map((c) => c.name)).toContain('note');
    after.close();
  });

  it('keeps migration timestamps strictly increasing', async () => {
    const { paths } = workspace();
    addColumn(paths.schemaPath);
    const existing = fs.readdirSync(paths.migrationsDir).filter((d) => /^\d{14}_/.test(d)).sort();
    const latest = existing[existing.length - 1]!.slice(0, 14);
    const name = await createMigration(paths, 'same_second', new Date(0));
    expect(name!.slice(0, 14) > latest).toBe(true);
  });

  it('backs up online and restores with an integrity check', async () => {
    const { dir, paths } = workspace();
    await deployMigrations(paths);
    const file = await backupDatabase(paths.dbFile, path.join(dir, 'data'), 'test');
    expect(integrityProblem(file)).toBeNull();
    const db = new Database(paths.dbFile);
    db.prepare("INSERT INTO Setting (key, value, updatedAt) VALUES ('k', '1', 0)").run();
    db.close();
    restoreDatabase(file, paths.dbFile);
    const restored = new Database(paths.dbFile, { readonly: true });
    expect(restored.prepare('SELECT count(*) AS n FROM Setting').get()).toEqual({ n: 0 });
    restored.close();
  });
});
