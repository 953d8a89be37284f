// Runs Portico for real, as `npm start` does (the supervisor with its dashboard and
// engine child processes), on ephemeral loopback ports with a temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitFor } from './ports.ts';
import { REPO_ROOT } from './data-dir.ts';
import { testWorkers } from './test-workers.ts';
import { createTestDatabase, testDatabaseIsPostgres } from './test-database.ts';

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery-staple' };

export interface Portico {
  dataDir: string;
  ports: { http: number; https: number; dashboard: number; control: number };
  dashboard: string;
  process: ChildProcess;
  logs: string[];
  /** The engine's pid, from its info file. */
  enginePid(): number;
  stop(): Promise<void>;
}

/** The environment the tests start the supervisor with: its data directory, ports off the defaults, the test administrator. */
export function supervisorEnv(dataDir: string, ports: { http: number; https: number; dashboard: number; control: number }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_HTTP_PORT: String(ports.http),
    PORTICO_HTTPS_PORT: String(ports.https),
    PORTICO_DASHBOARD_PORT: String(ports.dashboard),
    PORTICO_CONTROL_PORT: String(ports.control),
    PORTICO_ADMIN_EMAIL: ADMIN.email,
    PORTICO_ADMIN_PASSWORD: ADMIN.password,
    NEXT_TELEMETRY_DISABLED: '1',
    PORTICO_WORKERS: testWorkers(),
    ...extra,
  };
}

export async function startPortico(extraEnv: Record<string, string> = {}): Promise<Portico> {
  // A test may put the data directory somewhere special (a small tmpfs, say).
  const dataDir = extraEnv.PORTICO_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'portico-e2e-'));
  // PORTICO_TEST_DATABASE=postgresql: its own PostgreSQL database (unless the test names one).
  const testDatabase = testDatabaseIsPostgres() && !extraEnv.PORTICO_DATABASE_URL ? await createTestDatabase() : null;
  if (testDatabase) extraEnv = { ...extraEnv, PORTICO_DATABASE_URL: testDatabase.url };
  const ports = { http: await freePort(), https: await freePort(), dashboard: await freePort(), control: await freePort() };
  const logs: string[] = [];
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/start.ts')], {
    cwd: REPO_ROOT,
    env: supervisorEnv(dataDir, ports, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a forced stop takes the dashboard and engine with it.
    detached: true,
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const collect = (chunk: Buffer) => logs.push(chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const dashboard = `http://127.0.0.1:${ports.dashboard}`;
  const infoFile = path.join(dataDir, 'engine.json');
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the supervisor exited with code ${code}`))));
  exited.catch(() => {});
  try {
    await Promise.race([
      exited,
      waitFor(
        'Portico to start',
        async () => {
          if (!fs.existsSync(infoFile)) return false;
          const res = await fetch(`${dashboard}/api/v1/setup`);
          return res.ok;
        },
        100_000,
        200,
      ),
    ]);
  } catch (error) {
    killGroup();
    throw new Error(`${(error as Error).message}\n--- logs ---\n${logs.join('')}`);
  }
  return {
    dataDir,
    ports,
    dashboard,
    process: child,
    logs,
    enginePid: () => (JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { pid: number }).pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 20000))]);
        if (child.exitCode === null) killGroup();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      await testDatabase?.drop();
    },
  };
}

/** A signed-in API client for the dashboard (cookie session). */
export interface ApiClient {
  call(method: string, pathname: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  cookie: string;
}

export async function signIn(dashboard: string, credentials = ADMIN): Promise<ApiClient> {
  const res = await fetch(`${dashboard}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (!res.ok) throw new Error(`sign in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return {
    cookie,
    async call(method, pathname, body, headers = {}) {
      const r = await fetch(`${dashboard}${pathname}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : null };
    },
  };
}
