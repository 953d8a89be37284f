// npm start — the supervisor: validates the environment, deploys migrations (after a
// backup), builds the dashboard when its build is missing or stale, then runs the
// dashboard and the engine, restarting either if it dies, and stops both gracefully on
// SIGINT/SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from '../app/_lib/auth/client-address.ts';
import { buildIsCurrent, recordBuild } from './lib/build-fingerprint.ts';
import { deployWithBackup } from './lib/deploy.ts';
import { ROOT, dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';

const Port = z.coerce.number().int().min(0).max(65535);
const Env = z.object({
  PORTICO_DATA_DIR: z.string().min(1).default('./data'),
  PORTICO_HTTP_PORT: Port.default(8080),
  PORTICO_HTTPS_PORT: Port.default(8443),
  PORTICO_DASHBOARD_PORT: Port.default(3000),
  PORTICO_DASHBOARD_HOST: z.string().min(1).default('127.0.0.1'),
  PORTICO_CONTROL_PORT: Port.default(8081),
  PORTICO_ADMIN_EMAIL: z.string().email().optional(),
  PORTICO_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  PORTICO_ACME_DIRECTORY_URL: z.string().url().optional(),
  PORTICO_ACME_CA_FILE: z.string().optional(),
  // Whose X-Forwarded-For the dashboard believes (addresses and CIDRs, comma-separated).
  PORTICO_TRUSTED_PROXIES: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      for (const message of parseTrustedProxies(value).errors) ctx.addIssue({ code: 'custom', message });
    }),
});

// An empty variable means unset (as `PORTICO_ADMIN_EMAIL= npm start` intends).
const parsed = Env.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
if (!parsed.success) {
  console.error('[portico] invalid environment:');
  for (const issue of parsed.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
  process.exit(1);
}
const env = parsed.data;
if (env.PORTICO_ACME_CA_FILE && !fs.existsSync(env.PORTICO_ACME_CA_FILE)) {
  console.error(`[portico] invalid environment:\n  PORTICO_ACME_CA_FILE: ${env.PORTICO_ACME_CA_FILE} does not exist`);
  process.exit(1);
}
const dataDir = dataDirFromEnv();
fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
const childEnv: NodeJS.ProcessEnv = { ...process.env, PORTICO_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };

await deployWithBackup(migrationPathsFor(dataDir), dataDir);

if (!buildIsCurrent(ROOT)) {
  console.log('[portico] building the dashboard (first start or sources changed)…');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { cwd: ROOT, stdio: 'inherit', env: childEnv });
  if (build.status !== 0) {
    console.error('[portico] the dashboard build failed');
    process.exit(1);
  }
  recordBuild(ROOT);
}

interface Supervised {
  name: string;
  args: string[];
  child: ChildProcess | null;
  restarts: number;
  startedAt: number;
}

let stopping = false;
const children: Supervised[] = [
  {
    name: 'engine',
    // A pattern that starts to backtrack catastrophically is re-run in linear time.
    args: ['--enable-experimental-regexp-engine-on-excessive-backtracks', path.join(ROOT, 'proxy-engine/main.ts')],
    child: null,
    restarts: 0,
    startedAt: 0,
  },
  {
    name: 'dashboard',
    args: [path.join(ROOT, 'scripts/dashboard-server.ts')],
    child: null,
    restarts: 0,
    startedAt: 0,
  },
];

function launch(s: Supervised): void {
  s.startedAt = Date.now();
  const child = spawn(process.execPath, s.args, { cwd: ROOT, env: childEnv, stdio: 'inherit' });
  s.child = child;
  child.on('exit', (code, signal) => {
    s.child = null;
    if (stopping) return;
    // A process that ran for a minute has earned a fresh backoff.
    if (Date.now() - s.startedAt > 60_000) s.restarts = 0;
    const delay = Math.min(30_000, 250 * 2 ** s.restarts);
    s.restarts++;
    console.error(`[portico] ${s.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
    setTimeout(() => {
      if (!stopping) launch(s);
    }, delay);
  });
}

for (const s of children) launch(s);
console.log(`[portico] dashboard on http://${env.PORTICO_DASHBOARD_HOST}:${env.PORTICO_DASHBOARD_PORT}, proxy on :${env.PORTICO_HTTP_PORT}`);

function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  console.log(`[portico] ${signal}: stopping`);
  const running = children.filter((s) => s.child);
  if (running.length === 0) process.exit(0);
  let left = running.length;
  for (const s of running) {
    s.child!.once('exit', () => {
      if (--left === 0) process.exit(0);
    });
    s.child!.kill('SIGTERM');
  }
  setTimeout(() => {
    for (const s of children) s.child?.kill('SIGKILL');
    process.exit(1);
  }, 15_000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
