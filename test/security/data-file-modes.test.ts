// The data directory's files (database and its -wal/-shm, backups, last good copy, engine
// token, secret key, identity, logs) are for Portico's user alone: created 0600 whatever
// the umask Portico starts with or the directory's mode, and tightened at start when an
// earlier version or another umask left them readable. The engine run alone does the same.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDataDir, REPO_ROOT } from '../helpers/data-dir.ts';
import { signIn } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { killAllSupervisors, runSupervisor } from '../helpers/supervisor-run.ts';

const UMASK_000 = ['/bin/sh', '-c', 'umask 000; exec "$@"', 'sh'];
const dirs: string[] = [];
afterAll(() => {
  killAllSupervisors();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file under `dir` (not the cache) that group or others may read, write or run. */
function exposed(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (file.includes(`${path.sep}cache${path.sep}`) || !(entry.isFile() || entry.isDirectory())) continue;
    if (fs.statSync(file).mode & 0o077) out.push(`${path.relative(dir, file)} ${(fs.statSync(file).mode & 0o777).toString(8)}`);
  }
  return out;
}

const PRIVATE = ['portico.db', 'portico.db-wal', 'portico.db-shm', 'last-good-config.json', 'engine.token', 'secret.key', 'engine.json', 'database-identity.json'];

describe('data file modes', () => {
  it('the supervisor under umask 000, in a world-writable directory: every file is 0600, and loosened files are tightened at the next start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-modes-'));
    dirs.push(dataDir);
    fs.chmodSync(dataDir, 0o777);
    const first = await runSupervisor(dataDir, { ready: 'dashboard', launcher: UMASK_000 });
    try {
      const api = await signIn(first.dashboard);
      expect((await api.call('POST', '/api/v1/backups')).status).toBe(201);
      await api.call('POST', '/api/v1/hosts', { serverNames: ['modes.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'ok' } }] });
      for (const name of PRIVATE) expect(fs.existsSync(path.join(dataDir, name)), name).toBe(true);
      expect(exposed(dataDir)).toEqual([]);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // As an earlier version (or a careless copy) would leave them.
    const loosened = PRIVATE.filter((name) => fs.existsSync(path.join(dataDir, name)));
    for (const name of loosened) fs.chmodSync(path.join(dataDir, name), 0o644);
    for (const sub of ['backups', 'tls', 'logs']) {
      for (const name of fs.readdirSync(path.join(dataDir, sub))) fs.chmodSync(path.join(dataDir, sub, name), 0o644);
      fs.chmodSync(path.join(dataDir, sub), 0o755);
    }
    const second = await runSupervisor(dataDir, { ready: 'dashboard', launcher: UMASK_000 });
    try {
      expect(exposed(dataDir)).toEqual([]);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(second.logs.join('')).toMatch(/made \d+ file\(s\) in .* private to this user/);
  }, 240_000);

  it('the engine run alone under umask 000 creates its database files and last good copy 0600', async () => {
    const data = await createDataDir('portico-modes-engine-');
    dirs.push(data.dir);
    fs.chmodSync(path.join(data.dir, 'portico.db'), 0o644);
    const engine = spawn('/bin/sh', ['-c', 'umask 000; exec "$@"', 'sh', process.execPath, path.join(REPO_ROOT, 'proxy-engine/main.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORTICO_DATA_DIR: data.dir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => engine.once('exit', resolve));
    try {
      await waitFor('the engine to start', async () => fs.existsSync(path.join(data.dir, 'engine.json')), 30_000);
      for (const name of ['portico.db', 'portico.db-wal', 'portico.db-shm', 'last-good-config.json', 'engine.token', 'engine.json']) {
        expect((fs.statSync(path.join(data.dir, name)).mode & 0o777).toString(8), name).toBe('600');
      }
    } finally {
      engine.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
