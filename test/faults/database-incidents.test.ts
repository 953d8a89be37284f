// `npm start` on a database that cannot be used, case by case, with the real supervisor:
// the proxy serves the last good configuration, the dashboard's address shows the
// incident (the path, the backups, the commands), the API answers 503
// database_unavailable, nothing is migrated or overwritten (the database files and the
// last good copy are byte-identical afterwards), and the deliberate ways out
// (--restore <backup>, --reinitialise) do what they say, keeping the old files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot } from '../helpers/browser.ts';
import { REPO_ROOT, createDataDir, migrationPaths } from '../helpers/data-dir.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { signIn } from '../helpers/portico.ts';
import { killAllSupervisors, runSupervisor } from '../helpers/supervisor-run.ts';

const dirs: string[] = [];
let upstream: EchoUpstream;
/** A data directory Portico ran on: kept.test proxied (revision 4), one backup taken at revision 3. */
let seed: string;
let backupName: string;
let freshDb: string;

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-incident-'));
  dirs.push(dir);
  return dir;
}

beforeAll(async () => {
  upstream = await startEchoUpstream();
  seed = scratch();
  const portico = await runSupervisor(seed, { ready: 'dashboard' });
  try {
    const api = await signIn(portico.dashboard);
    const kept = await api.call('POST', '/api/v1/hosts', { serverNames: ['kept.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] });
    expect(kept.json.apply).toMatchObject({ revision: 1, applied: true });
    const two = await api.call('POST', '/api/v1/hosts', { serverNames: ['two.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'two' } }] });
    expect(two.json.apply.revision).toBe(2);
    // A rollback is a new, higher revision: the last good copy follows it forward.
    const rollback = await api.call('POST', '/api/v1/versions/1/rollback');
    expect(rollback.json).toMatchObject({ revision: 3, restored: 1, apply: { applied: true } });
    expect(JSON.parse(fs.readFileSync(path.join(seed, 'last-good-config.json'), 'utf8')).revision).toBe(3);
    expect((await request(portico.ports.http, '/', { headers: { host: 'two.test' } })).status).toBe(404);
    const backup = await api.call('POST', '/api/v1/backups');
    backupName = backup.json.backup.name;
    const later = await api.call('POST', '/api/v1/hosts', { serverNames: ['later.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'later' } }] });
    expect(later.json.apply).toMatchObject({ revision: 4, applied: true });
  } finally {
    expect(await portico.stop()).toBe(0);
  }
  // Checkpointed, as after a clean stop of every connection: the cases below damage the database file itself.
  const db = new Database(migrationPaths(seed).dbFile);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const fresh = await createDataDir('portico-incident-fresh-');
  dirs.push(fresh.dir);
  freshDb = migrationPaths(fresh.dir).dbFile;
}, 240_000);

afterAll(async () => {
  killAllSupervisors();
  await upstream?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
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

/** The database files' and the last good copy's contents (or what stands in their place); modes may tighten. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['portico.db', 'portico.db-wal', 'last-good-config.json']) {
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    out[name] = !stat ? 'absent' : stat.isDirectory() ? 'directory' : createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}

// Root reads any file: an unreadable database is made unreadable for root too by
// running the supervisor without the capabilities that bypass file permissions.
const WITHOUT_DAC_OVERRIDE = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--'] : [];

interface Case {
  desc: string;
  damage: (dbFile: string) => void;
  /** The page's title for this kind of incident. */
  title: RegExp;
  launcher?: string[];
}

const cases: Case[] = [
  { desc: 'garbage over the header', damage: (f) => overwrite(f, 0, Buffer.alloc(100, 0x41)), title: /Portico cannot read its database/ },
  { desc: 'a truncated file', damage: (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)), title: /Portico cannot read its database/ },
  { desc: 'a file truncated inside its header', damage: (f) => fs.truncateSync(f, 50), title: /Portico cannot read its database/ },
  { desc: 'a damaged page in the middle', damage: (f) => overwrite(f, 4096 * 20, Buffer.alloc(4096, 0x5a)), title: /Portico cannot read its database/ },
  {
    desc: 'a directory in its place',
    damage: (f) => {
      fs.rmSync(f);
      fs.mkdirSync(f);
    },
    title: /Portico cannot read its database/,
  },
  { desc: 'unreadable permissions', damage: (f) => fs.chmodSync(f, 0), title: /Portico cannot read its database/, launcher: WITHOUT_DAC_OVERRIDE },
  { desc: 'a write-ahead log of garbage', damage: (f) => fs.writeFileSync(`${f}-wal`, Buffer.alloc(8192, 0x33)), title: /write-ahead log is damaged/ },
  {
    desc: 'a schema newer than the code',
    damage: (f) => {
      const db = new Database(f);
      db.prepare("INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, started_at, applied_steps_count) VALUES ('x', 'x', '29990101000000_from_the_future', 1, 1, 1)").run();
      db.close();
    },
    title: /belongs to a newer version of Portico/,
  },
  { desc: 'zero bytes', damage: (f) => fs.truncateSync(f, 0), title: /empty, but Portico ran on one before/ },
  { desc: 'a missing file', damage: (f) => fs.rmSync(f), title: /empty, but Portico ran on one before/ },
  { desc: 'a fresh schema', damage: (f) => fs.copyFileSync(freshDb, f), title: /empty, but Portico ran on one before/ },
  { desc: 'an older copy (the backup put in place by hand)', damage: (f) => fs.copyFileSync(path.join(path.dirname(f), 'backups', backupName), f), title: /older than the configuration in service/ },
];

describe('npm start on a database that cannot be used', () => {
  it.each(cases)('$desc: the proxy serves the last good configuration, the dashboard explains, nothing is overwritten', async ({ damage, title, launcher }) => {
    const { dir, dbFile } = copySeed();
    damage(dbFile);
    const before = snapshot(dir);
    const portico = await runSupervisor(dir, { ready: 'incident', launcher });
    try {
      // The proxy answers from the configured upstream (revision 4).
      const proxied = await request(portico.ports.http, '/through', { headers: { host: 'kept.test' } });
      expect(proxied.status).toBe(200);
      expect(JSON.parse(proxied.body).url).toBe('/through');
      expect((await request(portico.ports.http, '/', { headers: { host: 'later.test' } })).body).toBe('later');

      const page = await fetch(`${portico.dashboard}/hosts`);
      expect(page.status).toBe(503);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const text = await page.text();
      expect(text).toMatch(title);
      expect(text).toContain(dbFile);
      expect(text).toContain('revision 4');
      expect(text).toContain(backupName);
      expect(text).toContain(`npm start -- --restore ${path.join(dir, 'backups', backupName)}`);
      expect(text).toContain('npm start -- --reinitialise');

      for (const [method, route] of [['GET', '/api/v1/hosts'], ['POST', '/api/v1/session'], ['GET', '/api/v1/setup']]) {
        const api = await fetch(`${portico.dashboard}${route}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
        expect(api.status, route).toBe(503);
        expect((await api.json()).error, route).toMatchObject({ code: 'database_unavailable', details: { servingRevision: 4 } });
      }
      // The probes: the processes serve, but Portico is not ready, on the dashboard's port and the engine's.
      expect((await fetch(`${portico.dashboard}/healthz`)).status).toBe(200);
      const ready = await fetch(`${portico.dashboard}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).reason).toMatch(/^the database is out of service \(/);
      expect((await fetch(`http://127.0.0.1:${portico.ports.control}/readyz`)).status).toBe(503);
    } finally {
      expect(await portico.stop()).toBe(0);
    }
    const logs = portico.logs.join('');
    expect(logs).toContain('the database cannot be used');
    expect(logs).not.toMatch(/SqliteError|\n\s+at .+:\d+:\d+/);
    expect(snapshot(dir)).toEqual(before);
  }, 120_000);

  it('shows the incident page in a browser', async () => {
    const { dir, dbFile } = copySeed();
    overwrite(dbFile, 0, Buffer.alloc(100, 0x41));
    const portico = await runSupervisor(dir, { ready: 'incident' });
    const session = await openBrowser({ width: 1100, height: 900 });
    try {
      await session.page.goto(portico.dashboard);
      expect(await session.page.locator('h1').textContent()).toBe('Portico cannot read its database');
      await screenshot(session.page, 'database-incident');
      expect(session.problems.filter((p) => !p.includes('503'))).toEqual([]);
    } finally {
      await session.close();
      await portico.stop();
    }
  }, 120_000);
});

describe('deliberate recovery', () => {
  it('--restore puts a backup in service and keeps the damaged files; the next plain start is normal', async () => {
    const { dir, dbFile } = copySeed();
    overwrite(dbFile, 0, Buffer.alloc(100, 0x41));
    const damaged = fs.readFileSync(dbFile);
    const lastGood = fs.readFileSync(path.join(dir, 'last-good-config.json'));
    const restored = await runSupervisor(dir, { ready: 'dashboard', args: ['--restore', path.join(dir, 'backups', backupName)] });
    try {
      const api = await signIn(restored.dashboard);
      expect((await api.call('GET', '/api/v1/engine/status')).json.appliedRevision).toBe(3);
      expect((await request(restored.ports.http, '/', { headers: { host: 'kept.test' } })).status).toBe(200);
      expect((await request(restored.ports.http, '/', { headers: { host: 'later.test' } })).status).toBe(404);
    } finally {
      expect(await restored.stop()).toBe(0);
    }
    const aside = fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('before-restore-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'backups', aside[0]!, 'portico.db')).equals(damaged)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'backups', aside[0]!, 'last-good-config.json')).equals(lastGood)).toBe(true);
    const again = await runSupervisor(dir, { ready: 'dashboard' });
    expect(await again.stop()).toBe(0);
  }, 120_000);

  it('--reinitialise starts afresh on purpose, after keeping what was there', async () => {
    const { dir, dbFile } = copySeed();
    fs.truncateSync(dbFile, 0);
    const lastGood = fs.readFileSync(path.join(dir, 'last-good-config.json'));
    const portico = await runSupervisor(dir, { ready: 'dashboard', args: ['--reinitialise'] });
    try {
      const api = await signIn(portico.dashboard);
      expect((await api.call('GET', '/api/v1/engine/status')).json.appliedRevision).toBe(0);
      expect((await request(portico.ports.http, '/', { headers: { host: 'kept.test' } })).status).not.toBe(200);
    } finally {
      expect(await portico.stop()).toBe(0);
    }
    expect(portico.logs.join('')).toContain('reinitialising: moved portico.db');
    const aside = fs.readdirSync(path.join(dir, 'backups')).filter((n) => n.startsWith('before-reinitialise-'));
    expect(aside).toHaveLength(1);
    expect(fs.statSync(path.join(dir, 'backups', aside[0]!, 'portico.db')).size).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'backups', aside[0]!, 'last-good-config.json')).equals(lastGood)).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'last-good-config.json'), 'utf8')).revision).toBe(0);
  }, 120_000);

  it('refuses a second supervisor on the same data directory, and a restore of a damaged backup', async () => {
    const { dir, dbFile } = copySeed();
    fs.truncateSync(dbFile, 0);
    const portico = await runSupervisor(dir, { ready: 'incident' });
    try {
      const second = await runSupervisor(dir, { ready: 'incident', args: ['--reinitialise'] }).catch((error: Error) => error);
      expect(String(second)).toMatch(/exited with code 1[\s\S]*another Portico supervisor \(pid \d+\) is running/);
      expect(fs.statSync(dbFile).size).toBe(0);
    } finally {
      await portico.stop();
    }
    const bad = path.join(dir, 'bad.db');
    fs.writeFileSync(bad, 'not a database');
    const refused = await runSupervisor(dir, { ready: 'dashboard', args: ['--restore', bad] }).catch((error: Error) => error);
    expect(String(refused)).toMatch(/exited with code 1[\s\S]*cannot restore/);
    expect(fs.statSync(dbFile).size).toBe(0);
  }, 60_000);
});

describe('the other database commands', () => {
  const run = (script: string, dataDir: string) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, script)], { cwd: REPO_ROOT, env: { ...process.env, PORTICO_DATA_DIR: dataDir }, encoding: 'utf8' });

  it.each([
    { desc: 'zero bytes', damage: (f: string) => fs.truncateSync(f, 0) },
    { desc: 'garbage over the header', damage: (f: string) => overwrite(f, 0, Buffer.alloc(100, 0x41)) },
    { desc: 'a write-ahead log of garbage', damage: (f: string) => fs.writeFileSync(`${f}-wal`, Buffer.alloc(8192, 0x33)) },
  ])('npm run db:deploy refuses to migrate over $desc', ({ damage }) => {
    const { dir, dbFile } = copySeed();
    damage(dbFile);
    const before = snapshot(dir);
    const result = run('scripts/db-deploy.ts', dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/refusing to migrate/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(dir)).toEqual(before);
  });

  it('npm run backup never discards a damaged write-ahead log, and leaves no failed copy behind', () => {
    const { dir, dbFile } = copySeed();
    fs.writeFileSync(`${dbFile}-wal`, Buffer.alloc(8192, 0x33));
    const before = snapshot(dir);
    expect(run('scripts/backup.ts', dir).status).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    overwrite(dbFile, 0, Buffer.alloc(100, 0x41));
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    const failed = run('scripts/backup.ts', dir);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/no backup written: could not back up/);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(backups);
  });
});
