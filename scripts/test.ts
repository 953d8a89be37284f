// npm test — everything: installs the system tools the tests use when they are missing
// (as root, from Debian), builds what is stale, runs vitest, and ends with one line
// "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIsCurrent, recordBuild } from './lib/build-fingerprint.ts';
import { ROOT } from './lib/paths.ts';

/** Debian package → a command it provides. */
const SYSTEM_PACKAGES: Record<string, string> = {
  nginx: 'nginx',
  'postgresql-15': '/usr/lib/postgresql/15/bin/initdb',
  // Shared state across instances (test/helpers/redis.ts); without it those tests would skip.
  'redis-server': 'redis-server',
  'redis-tools': 'redis-cli',
  chromium: 'chromium',
  pebble: 'pebble',
  curl: 'curl',
  openssl: 'openssl',
  wrk: 'wrk',
  'nghttp2-client': 'h2load',
  'testssl.sh': 'testssl',
  zzuf: 'zzuf',
  slowhttptest: 'slowhttptest',
};

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command} || test -x /usr/sbin/${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureSystemPackages(): void {
  const missing = Object.entries(SYSTEM_PACKAGES).filter(([, command]) => !has(command)).map(([pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`The tests need these Debian packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`[test] installing ${missing.join(' ')} from Debian…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env }) : update;
  if (install.status !== 0) {
    console.error(`[test] could not install ${missing.join(' ')}`);
    process.exit(1);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;
}

ensureSystemPackages();
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
// A client generated before the schema last changed breaks queries in odd ways: regenerate it.
const generatedClient = path.join(ROOT, 'core/db/generated/client.ts');
const schemaFile = path.join(ROOT, 'prisma/schema.prisma');
if (!fs.existsSync(generatedClient) || fs.statSync(generatedClient).mtimeMs < fs.statSync(schemaFile).mtimeMs) {
  if (run(process.execPath, [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'generate'], env) !== 0) process.exit(1);
}
// The same for PostgreSQL's client (core/db/generated-postgres, from prisma/postgresql/schema.prisma).
const generatedPostgresClient = path.join(ROOT, 'core/db/generated-postgres/client.ts');
const postgresSchemaFile = path.join(ROOT, 'prisma/postgresql/schema.prisma');
if (!fs.existsSync(generatedPostgresClient) || fs.statSync(generatedPostgresClient).mtimeMs < fs.statSync(postgresSchemaFile).mtimeMs) {
  if (run(process.execPath, [path.join(ROOT, 'node_modules/prisma/build/index.js'), 'generate', '--schema', postgresSchemaFile], env) !== 0) process.exit(1);
}
if (!buildIsCurrent(ROOT)) {
  console.log('[test] building the dashboard…');
  if (run(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], env) !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  recordBuild(ROOT);
}

/** One vitest run; its passed and failed counts from the JSON report. */
function vitestPass(args: string[], resultsName: string, passEnv: NodeJS.ProcessEnv): { passed: number; failed: number } {
  const results = path.join(ROOT, 'test-results', resultsName);
  fs.mkdirSync(path.dirname(results), { recursive: true });
  fs.rmSync(results, { force: true });
  const status = run(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...args], passEnv);
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(fs.readFileSync(results, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults?: { status: string; assertionResults: unknown[] }[];
    };
    passed = report.numPassedTests;
    // A file that fails to load (or whose hooks fail before any test) has no failed test of
    // its own, but it is a failure; a file with failed tests is already counted by them.
    const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => (a as { status?: string }).status === 'failed')).length;
    failed = report.numFailedTests + brokenFiles;
  } catch {
    failed = 1;
  }
  if (status !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

// `--postgres [files]`: only the PostgreSQL pass (of those files, or of its usual list).
const args = process.argv.slice(2);
const postgresOnly = args.includes('--postgres');
const fileArgs = args.filter((a) => a !== '--postgres');
const totals = postgresOnly ? { passed: 0, failed: 0 } : vitestPass(fileArgs, 'vitest.json', env);

// The database-backed tests again, on PostgreSQL (test/postgres-pass.ts says which and why),
// after a whole run (PORTICO_TEST_POSTGRES=0 skips it) or when asked for.
if (postgresOnly || (fileArgs.length === 0 && process.env.PORTICO_TEST_POSTGRES !== '0')) {
  const { POSTGRES_PASS_FILES } = await import('../test/postgres-pass.ts');
  const { startPostgres } = await import('./lib/postgres-server.ts');
  const { ensureTemplate } = await import('../test/helpers/test-database.ts');
  const started = performance.now();
  console.log('[test] the database-backed tests again, on PostgreSQL 15…');
  const server = await startPostgres();
  try {
    await ensureTemplate(server.adminUrl);
    const pass = vitestPass(postgresOnly && fileArgs.length > 0 ? fileArgs : POSTGRES_PASS_FILES, 'vitest-postgres.json', { ...env, PORTICO_TEST_DATABASE: 'postgresql', PORTICO_TEST_POSTGRES_URL: server.adminUrl });
    console.log(`[test] on PostgreSQL: ${pass.passed} passed, ${pass.failed} failed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    totals.passed += pass.passed;
    totals.failed += pass.failed;
  } finally {
    await server.destroy();
  }
}
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
