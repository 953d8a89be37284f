// A production install from a fresh clone, as the README's "Running in production" says:
// `npm install && npm run build && npm prune --omit=dev`, then `NODE_ENV=production npm
// start` migrates a new database and gets ready without building, from the pruned tree.
// The clone is of the committed HEAD. Its node_modules starts as hard links to this
// checkout's (a full download takes minutes and proves nothing about Portico); `npm install`
// then checks it against the lock file and `npm prune` really removes the dev dependencies,
// so what runs is the pruned tree.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { run, runOk, shellEnv } from './commands.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-install-'));
const checkout = path.join(work, 'portico');
const dataDir = path.join(work, 'data');
const timings: Record<string, number> = {};
let supervisor: ChildProcess | null = null;
const logs: string[] = [];

beforeAll(async () => {
  const head = (await runOk('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT })).output.trim();
  timings.clone = (await runOk('git', ['clone', '--quiet', '--no-checkout', REPO_ROOT, checkout])).seconds;
  await runOk('git', ['checkout', '--quiet', head], { cwd: checkout });
  await runOk('cp', ['-al', path.join(REPO_ROOT, 'node_modules'), path.join(checkout, 'node_modules')]);
  timings.install = (await runOk('npm', ['install', '--no-audit', '--no-fund'], { cwd: checkout })).seconds;
}, 300_000);

afterAll(async () => {
  if (supervisor?.exitCode === null) {
    try {
      process.kill(-supervisor.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`[production install] ${Object.entries(timings).map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')}`);
});

function portsEnv(ports: { http: number; https: number; dashboard: number; control: number }): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PORTICO_DATA_DIR: dataDir,
    PORTICO_HTTP_PORT: String(ports.http),
    PORTICO_HTTPS_PORT: String(ports.https),
    PORTICO_DASHBOARD_PORT: String(ports.dashboard),
    PORTICO_CONTROL_PORT: String(ports.control),
  };
}

/** A GET with a chosen Host header (fetch cannot set one), as an orchestrator probing by address sends. */
function getWithHost(port: number, pathname: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

describe('production install', () => {
  it('refuses to start without a build, naming npm run build, and creates nothing', async () => {
    const ports = { http: await freePort(), https: await freePort(), dashboard: await freePort(), control: await freePort() };
    const start = await run('npm', ['start'], { cwd: checkout, env: shellEnv(portsEnv(ports)), timeoutMs: 60_000 });
    expect(start.code).not.toBe(0);
    expect(start.output).toContain('run `npm run build` first');
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(fs.existsSync(path.join(checkout, '.next'))).toBe(false);
  }, 60_000);

  it('builds with npm run build, and npm prune --omit=dev removes the build tools', async () => {
    timings.build = (await runOk('npm', ['run', 'build'], { cwd: checkout, timeoutMs: 900_000 })).seconds;
    timings.prune = (await runOk('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: checkout })).seconds;
    // (typescript and prisma stay: @prisma/client names them as peers.)
    for (const devOnly of ['vitest', 'tailwindcss', '@tailwindcss/postcss', 'playwright-core', 'oidc-provider', 'http-proxy-3']) expect(fs.existsSync(path.join(checkout, 'node_modules', devOnly)), devOnly).toBe(false);
    // What migrating needs stays.
    for (const runtime of ['@prisma/schema-engine-wasm', '@prisma/driver-adapter-utils', 'better-sqlite3', 'next']) expect(fs.existsSync(path.join(checkout, 'node_modules', runtime)), runtime).toBe(true);
    expect(fs.existsSync(path.join(checkout, '.next/BUILD_ID'))).toBe(true);
  }, 900_000);

  let ports: { http: number; https: number; dashboard: number; control: number };
  let dashboard: string;

  it('starts with NODE_ENV=production npm start: migrates, never builds, gets ready', async () => {
    ports = { http: await freePort(), https: await freePort(), dashboard: await freePort(), control: await freePort() };
    dashboard = `http://127.0.0.1:${ports.dashboard}`;
    const buildId = fs.readFileSync(path.join(checkout, '.next/BUILD_ID'), 'utf8');
    const started = performance.now();
    supervisor = spawn('npm', ['start'], { cwd: checkout, env: shellEnv(portsEnv(ports)), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    supervisor.stdout!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    supervisor.stderr!.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    await waitFor('/readyz to answer 200', async () => (await fetch(`${dashboard}/readyz`)).status === 200, 120_000, 250).catch((error: Error) => {
      throw new Error(`${error.message}\n--- logs ---\n${logs.join('')}`);
    });
    timings.firstStart = (performance.now() - started) / 1000;
    const output = logs.join('');
    expect(output).toMatch(/applied migration \d+_/);
    expect(output).not.toContain('building the dashboard');
    expect(fs.readFileSync(path.join(checkout, '.next/BUILD_ID'), 'utf8')).toBe(buildId);
    expect(fs.existsSync(path.join(dataDir, 'portico.db'))).toBe(true);
  }, 150_000);

  it('answers the probes on the dashboard port whatever the Host, and nothing else to a stranger', async () => {
    const stranger = '203.0.113.7:3000';
    expect(await getWithHost(ports.dashboard, '/healthz', stranger)).toEqual({ status: 200, body: JSON.stringify({ status: 'ok' }) });
    const ready = await getWithHost(ports.dashboard, '/readyz', stranger);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', revision: expect.any(Number) });
    // The allowlist still guards the API.
    expect((await getWithHost(ports.dashboard, '/api/v1/hosts', stranger)).status).toBe(403);
    // The engine's control port answers them without its token.
    expect((await fetch(`http://127.0.0.1:${ports.control}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.control}/status`)).status).toBe(401);
  });

  it('is not ready while the engine does not answer, and ready again when it does', async () => {
    const enginePid = (JSON.parse(fs.readFileSync(path.join(dataDir, 'engine.json'), 'utf8')) as { pid: number }).pid;
    process.kill(enginePid, 'SIGSTOP');
    try {
      const res = await fetch(`${dashboard}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not ready', reason: 'the engine does not answer on its control port' });
      expect((await fetch(`${dashboard}/healthz`)).status).toBe(200);
    } finally {
      process.kill(enginePid, 'SIGCONT');
    }
    await waitFor('/readyz to answer 200 again', async () => (await fetch(`${dashboard}/readyz`)).status === 200, 20_000);
  }, 30_000);

  it('stops cleanly on SIGTERM', async () => {
    // To the whole group, as a terminal's Ctrl-C or a service manager does: npm and the supervisor it runs.
    process.kill(-supervisor!.pid!, 'SIGTERM');
    const groupGone = () => {
      try {
        process.kill(-supervisor!.pid!, 0);
        return false;
      } catch {
        return true;
      }
    };
    // Every process of the tree (supervisor, engine, dashboard, controller) ends without a SIGKILL.
    await waitFor('every process to stop', async () => groupGone(), 20_000, 100);
    expect(logs.join('')).toContain('SIGTERM: stopping');
  }, 30_000);
});
