// The `portico` command, run as a child process the way an administrator runs it
// (`npx portico …` resolves to cli/portico.ts): its output, its exit codes, and what it
// changed in the data directory (or, on bad input, did not).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../core/auth/password-hash.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import { createDataDir, REPO_ROOT } from '../helpers/data-dir.ts';
import { startTestEngine } from '../helpers/engine.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function portico(dataDir: string, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'cli/portico.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORTICO_DATA_DIR: dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const NGINX = `upstream app { server 127.0.0.1:9001; }
server { listen 80; server_name cli.example.com; location / { proxy_pass http://app; } }
`;

let data: Awaited<ReturnType<typeof createDataDir>>;
let db: Db;
let conf: string;

beforeAll(async () => {
  data = await createDataDir('portico-cli-');
  db = await openDb(data.dir);
  conf = path.join(data.dir, 'import.conf');
  fs.writeFileSync(conf, NGINX);
}, 60_000);
afterAll(async () => {
  await db.$disconnect();
  data.cleanup();
});

describe('portico (the command line)', () => {
  it('says how to use it, with exit code 2 for an unknown command or a missing argument', async () => {
    const help = await portico(data.dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('reset-password <email>');
    const unknown = await portico(data.dir, ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await portico(data.dir, ['restore']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('usage: portico restore <file>');
  }, 60_000);

  it('refuses a data directory without a database, creating nothing', async () => {
    const empty = fs.mkdtempSync(path.join(data.dir, 'empty-'));
    const run = await portico(empty, ['export']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('there is no database at');
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  it('reset-password prints a new password, ends the sessions, lifts the locks and is audited', async () => {
    const user = await db.user.create({ data: { email: 'locked@example.com', passwordHash: await hashPassword('the-old-password-1'), role: 'ADMIN', failedLogins: 7, lockedUntil: new Date(Date.now() + 3600_000) } });
    await db.session.create({ data: { tokenHash: 'digest-1', userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
    const run = await portico(data.dir, ['reset-password', 'Locked@Example.com']);
    expect(run.code, run.stderr).toBe(0);
    const password = run.stdout.trim();
    expect(password).toMatch(/^[\w-]{24}$/);
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, password)).toBe(true);
    expect(after.lockedUntil).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.password.reset', objectId: user.id } });
    expect(event.actor).toBe('cli');

    // From stdin; a password the policy refuses changes nothing.
    const weak = await portico(data.dir, ['reset-password', 'locked@example.com', '--password-stdin'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('must be at least 10 characters');
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(after.passwordHash);
    const chosen = await portico(data.dir, ['reset-password', 'locked@example.com', '--password-stdin'], 'a chosen passphrase\n');
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toBe('');
    expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, 'a chosen passphrase')).toBe(true);

    const nobody = await portico(data.dir, ['reset-password', 'nobody@example.com']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('there is no user nobody@example.com');
  }, 120_000);

  it('imports nginx text (dry run first), refuses a clashing import, and exports nginx text and JSON', async () => {
    const dry = await portico(data.dir, ['import', conf, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would create 1 host, 1 pool');
    expect(await db.host.count()).toBe(0);

    const done = await portico(data.dir, ['import', conf]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('imported 1 host, 1 pool');
    expect(await db.hostName.findMany({ select: { name: true } })).toEqual([{ name: 'cli.example.com' }]);
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: 'config.import' } })).actor).toBe('cli');

    const again = await portico(data.dir, ['import', conf]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('a pool named "app" already exists');
    expect(await db.host.count()).toBe(1);

    const broken = await portico(data.dir, ['import', '-'], 'server { listen 80;');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/line \d+, column \d+: .*nothing was imported/);

    const nginx = await portico(data.dir, ['export']);
    expect(nginx.code).toBe(0);
    expect(nginx.stdout).toContain('server_name cli.example.com;');
    expect(nginx.stdout).toContain('server 127.0.0.1:9001;');

    const json = await portico(data.dir, ['export', '--json']);
    expect(json.code).toBe(0);
    const exported = JSON.parse(json.stdout) as { format: string; snapshot: { hosts: unknown[] } };
    expect(exported.format).toBe('portico-config');
    expect(exported.snapshot.hosts).toHaveLength(1);
    // The same configuration back: nothing would change.
    const same = await portico(data.dir, ['import', '-', '--json', '--dry-run'], json.stdout);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('would make 0 changes');
    const notConfig = await portico(data.dir, ['import', '-', '--json'], '{"snapshot": {"hosts": 3}}');
    expect(notConfig.code).toBe(1);
    expect(notConfig.stderr).toContain('not a Portico configuration export');
  }, 180_000);

  it('backs up to a file, refuses to restore while Portico runs, and restores once it is stopped', async () => {
    const file = path.join(data.dir, 'before-change.db');
    const backup = await portico(data.dir, ['backup', file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout.trim()).toBe(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect((await portico(data.dir, ['backup', file])).stderr).toContain('already exists');

    await db.host.deleteMany();
    // A running supervisor holds the data directory (its pid file names a live start.ts).
    const supervisor = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'scripts/start.ts'], { stdio: 'ignore' });
    fs.writeFileSync(path.join(data.dir, 'supervisor.pid'), `${supervisor.pid}\n`);
    try {
      const refused = await portico(data.dir, ['restore', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`supervisor pid ${supervisor.pid}`);
    } finally {
      supervisor.kill();
    }
    await new Promise((r) => supervisor.once('exit', r));
    await db.$disconnect();

    const restored = await portico(data.dir, ['restore', file]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/the previous portico\.db.* are in .*before-restore-/);
    db = await openDb(data.dir);
    expect(await db.host.count()).toBe(1);
    expect(fs.existsSync(path.join(data.dir, 'supervisor.pid'))).toBe(false);

    const garbage = path.join(data.dir, 'garbage.db');
    fs.writeFileSync(garbage, 'not a database');
    const bad = await portico(data.dir, ['restore', garbage]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`cannot restore ${garbage}`);
    expect(await db.host.count()).toBe(1);
  }, 120_000);

  it('status reports the revision the running engine serves, or that it does not answer', async () => {
    const down = await portico(data.dir, ['status']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('the engine does not answer');

    const engine = await startTestEngine();
    try {
      await engine.configure({ hosts: [{ serverNames: ['status.example.com'], locations: [{ path: '/', action: { kind: 'return', status: 204 } }] }] });
      const run = await portico(engine.dataDir, ['status', '--json']);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { engine: { applied: boolean; appliedRevision: number; pid: number } };
      expect(summary.engine).toMatchObject({ applied: true, pid: process.pid });
      expect(summary.engine.appliedRevision).toBeGreaterThan(0);
      const text = await portico(engine.dataDir, ['status']);
      expect(text.stdout).toContain(`serving revision ${summary.engine.appliedRevision} (the latest)`);
    } finally {
      await engine.stop();
    }
  }, 60_000);
});
