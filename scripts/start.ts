// npm start — the supervisor: validates the environment, checks the database before
// anything opens it, deploys migrations (after a backup), builds the dashboard when its
// build is missing or stale (never with NODE_ENV=production: lib/production-build.ts), then
// runs the engine, the dashboard and the controller (background work: certificates, the
// health gate), restarting any that dies, and stops them gracefully on SIGINT/SIGTERM.
//
// A database that cannot be used (damaged, emptied, replaced, from a newer version) is
// never migrated, opened for writing or overwritten: the engine serves its last good
// configuration without opening it, and the dashboard's address shows what is wrong and
// how to recover. Recovery is deliberate: `npm start -- --restore <backup>` or
// `npm start -- --reinitialise`, both of which move the old files aside first.
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EnvError, nodeName, readEnv, roleRuns, type PorticoEnv } from '../core/env.ts';
import { openDb } from '../core/db/client.ts';
import { leaseHolderId } from '../core/db/lease.ts';
import { nodeNameConflict } from './lib/node-name-check.ts';
import { readLastGoodRevision } from '../core/db/last-good.ts';
import { listBackups } from '../core/db/backup.ts';
import { buildIsCurrent, recordBuild } from './lib/build-fingerprint.ts';
import { DATA_UMASK, restrictDataFiles } from './lib/data-files.ts';
import { checkDatabase, type DatabaseIncident } from './lib/database-check.ts';
import { recordIdentity } from '../core/db/database-identity.ts';
import { restoreFromBackup, setAside } from '../core/db/database-recovery.ts';
import { claimDataDir } from '../core/db/supervisor-lock.ts';
import { deployWithBackup } from './lib/deploy.ts';
import { preparePostgres } from './lib/postgres-deploy.ts';
import { checkPostgresIdentity, recordPostgresIdentity } from './lib/postgres-identity.ts';
import { redactDatabaseUrl } from '../core/db/database-url.ts';
import { REINITIALISE_COMMAND, incidentTitle, restoreCommand } from './lib/incident-page.ts';
import { ROOT, dataDirFromEnv, migrationPathsFor } from './lib/paths.ts';
import { isProductionStart, missingBuildMessage } from './lib/production-build.ts';
import { createLogger, logProcessWarnings } from '../core/log/logger.ts';
import { ENGINE_NODE_FLAGS, STRIPPED_MODULES_FLAGS } from '../core/engine-node-flags.ts';
import { buildStrippedModules } from '../core/stripped-modules/build.ts';
import { ensurePortsFree } from '../core/net/exclusive-port-check.ts';

const log = createLogger('supervisor');
logProcessWarnings(log);

const USAGE = `usage: npm start [-- --restore <backup file> | --reinitialise]
  --restore <file>   put a copy of this database backup in service (the current database
                     and last good configuration are moved to data/backups/before-restore-<time>/)
  --reinitialise     start with an empty database (the current one and the last good
                     configuration are moved to data/backups/before-reinitialise-<time>/)`;

function readOptions(): { restore: string | null; reinitialise: boolean } {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { restore: { type: 'string' }, reinitialise: { type: 'boolean' }, reinitialize: { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const reinitialise = Boolean(values.reinitialise || values.reinitialize);
    if (reinitialise && values.restore !== undefined) throw new Error('--restore and --reinitialise cannot be combined');
    if (values.restore === '') throw new Error('--restore needs the path of a backup file');
    return { restore: values.restore ?? null, reinitialise };
  } catch (error) {
    log.fatal((error as Error).message);
    process.stderr.write(`${USAGE}\n`);
    process.exit(1);
  }
}

const options = readOptions();
let env: PorticoEnv;
try {
  env = readEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  log.fatal(error.message);
  process.exit(1);
}
if (env.PORTICO_ACME_CA_FILE && !fs.existsSync(env.PORTICO_ACME_CA_FILE)) {
  log.fatal(`invalid environment:\n  PORTICO_ACME_CA_FILE: ${env.PORTICO_ACME_CA_FILE} does not exist`);
  process.exit(1);
}

// PORTICO_ROLE: which children this instance runs; the controller runs in every role.
const runs = roleRuns(env.PORTICO_ROLE);
const production = isProductionStart();
const missingBuild = production && runs.dashboard ? missingBuildMessage(ROOT) : null;
if (missingBuild) {
  log.fatal(missingBuild);
  process.exit(1);
}

// Files created from here on (database, backups, tokens; by the children too, who inherit
// the umask) are for this user alone; files left readable by an earlier start are fixed.
process.umask(DATA_UMASK);
const dataDir = dataDirFromEnv();
let holder: number | null;
try {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  holder = claimDataDir(dataDir);
} catch (error) {
  log.fatal(`cannot use the data directory ${dataDir}: ${(error as Error).message}`);
  process.exit(1);
}
if (holder !== null) {
  log.fatal(`another Portico supervisor (pid ${holder}) is running on ${dataDir}: stop it first`);
  process.exit(1);
}
const restricted = restrictDataFiles(dataDir);
if (restricted.length > 0) log.info(`made ${restricted.length} file(s) in ${dataDir} private to this user (mode 0600)`);
// The node registry's instance id and start time: this supervisor's, so a restarted child
// (a crashed controller) is the same instance, not a second one under the same name.
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PORTICO_DATA_DIR: dataDir,
  NEXT_TELEMETRY_DISABLED: '1',
  NODE_ENV: 'production',
  PORTICO_INSTANCE_ID: leaseHolderId(),
  PORTICO_INSTANCE_STARTED_AT: String(Date.now()),
};
// Only this supervisor's own check may put the database out of service.
delete childEnv.PORTICO_DATABASE_INCIDENT;
delete childEnv.PORTICO_DATABASE_INCIDENT_JSON;
const paths = migrationPathsFor(dataDir);
// PORTICO_DATABASE_URL: PostgreSQL holds the configuration (validated by readEnv above).
const postgresUrl = env.PORTICO_DATABASE_URL || null;
if (postgresUrl && (options.restore || options.reinitialise)) {
  log.fatal('--restore and --reinitialise act on the SQLite database in PORTICO_DATA_DIR; with PORTICO_DATABASE_URL, restore a backup with `npx portico import` or `npm run db:copy` (docs/running-several-instances.md)');
  process.exit(1);
}

try {
  if (options.reinitialise) {
    const aside = setAside(paths, dataDir, 'reinitialise');
    log.info(`reinitialising: moved ${aside.moved.join(', ') || 'nothing (there was no database)'} to ${aside.dir}`);
  }
  if (options.restore) {
    const aside = await restoreFromBackup(options.restore, paths, dataDir);
    log.info(`restored ${path.resolve(options.restore)}; the previous ${aside.moved.join(', ') || 'files'} are in ${aside.dir}`);
  }
} catch (error) {
  log.fatal((error as Error).message);
  process.exit(1);
}

/** PostgreSQL: is it the database this data directory ran on; then migrations; then its identity recorded here. */
async function preparePostgresDatabase(url: string): Promise<DatabaseIncident | null> {
  // A server that does not answer is reported by preparePostgres, whose incident is retried.
  const other = await checkPostgresIdentity(url, dataDir).catch(() => null);
  if (other) return other;
  const found = await preparePostgres(url, log);
  if (found) return found;
  try {
    await recordPostgresIdentity(url, dataDir);
    return null;
  } catch (error) {
    return {
      kind: 'migration_failed',
      summary: `recording the PostgreSQL database's identity failed: ${(error as Error).message.split('\n')[0]}`,
      details: [],
      hint: 'Is the PostgreSQL server running and reachable with PORTICO_DATABASE_URL? Start again once it is.',
      databaseFile: redactDatabaseUrl(url),
    };
  }
}

/** Checks, then migrates: the incident that keeps the database out of service, or null. */
async function prepareDatabase(): Promise<DatabaseIncident | null> {
  if (postgresUrl) return preparePostgresDatabase(postgresUrl);
  const check = checkDatabase(paths, dataDir, { reinitialising: options.reinitialise });
  if (!check.ok) return check.incident;
  try {
    await deployWithBackup(paths, dataDir, (line) => log.info(line));
    recordIdentity(paths.dbFile, dataDir);
    return null;
  } catch (error) {
    const lines = (error as Error).message.split('\n').map((l) => l.trim()).filter(Boolean);
    return {
      kind: 'migration_failed',
      summary: `preparing the database failed: ${lines[0] ?? 'unknown error'}`,
      details: lines.slice(1, 6),
      hint: 'A backup was taken before migrating (backups/portico-<time>-pre-migrate.db): once the cause is fixed, restore it or start again.',
      databaseFile: paths.dbFile,
    };
  }
}

let incident = await prepareDatabase();
if (incident) reportIncident(incident);

function reportIncident(found: DatabaseIncident): void {
  const say = (line: string) => log.error(line);
  say(`the database cannot be used: ${incidentTitle(found.kind)}`);
  say(`  ${found.summary} (${found.databaseFile})`);
  for (const line of found.details) say(`  ${line}`);
  if (found.hint) say(`  ${found.hint}`);
  const revision = readLastGoodRevision(dataDir);
  const untouched = found.kind === 'migration_failed' ? 'the migration stopped' : 'nothing was migrated or written';
  say(`${untouched}; ${revision === null ? 'there is no last good configuration, so the proxy serves nothing' : `the proxy serves the last good configuration (revision ${revision})`}`);
  const backups = listBackups(dataDir);
  say(`the dashboard (http://${env.PORTICO_DASHBOARD_HOST}:${env.PORTICO_DASHBOARD_PORT}) lists the ${backups.length} backup(s); to recover, stop Portico and start it with one of:`);
  if (backups[0]) say(`  ${restoreCommand(backups[0].file)}   (the newest backup)`);
  say(`  ${REINITIALISE_COMMAND}`);
}

// A second live instance under this name would share its row in the node registry.
// A database that cannot answer now (locked by a long write) must not keep the instance from starting: the check is skipped.
async function checkNodeName(): Promise<void> {
  const db = await openDb(dataDir);
  const conflict = await nodeNameConflict(db, nodeName(env))
    .catch((error: unknown) => {
      log.warn(`could not check whether the name ${nodeName(env)} is taken: ${(error as Error).message}`);
      return null;
    })
    .finally(() => db.$disconnect());
  if (conflict) {
    log.fatal(conflict);
    process.exit(1);
  }
}

// A taken port stops the start here, named, before minutes of building (and instead of a
// child that cannot listen restarting forever).
try {
  await ensurePortsFree([
    ...(runs.dashboard ? [{ variable: 'PORTICO_DASHBOARD_PORT', host: env.PORTICO_DASHBOARD_HOST, port: env.PORTICO_DASHBOARD_PORT }] : []),
    ...(runs.engine
      ? [
          { variable: 'PORTICO_HTTP_PORT', host: env.PORTICO_BIND_ADDRESS, port: env.PORTICO_HTTP_PORT },
          { variable: 'PORTICO_HTTPS_PORT', host: env.PORTICO_BIND_ADDRESS, port: env.PORTICO_HTTPS_PORT },
          { variable: 'PORTICO_CONTROL_PORT', host: '127.0.0.1', port: env.PORTICO_CONTROL_PORT },
        ]
      : []),
  ]);
} catch (error) {
  log.fatal((error as Error).message);
  process.exit(1);
}

function buildDashboardIfStale(): void {
  if (!runs.dashboard || production || buildIsCurrent(ROOT)) return;
  log.info('building the dashboard (first start or sources changed; this takes a few minutes)…');
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { cwd: ROOT, stdio: 'inherit', env: childEnv });
  if (build.status !== 0) {
    log.fatal('the dashboard build failed');
    process.exit(1);
  }
  recordBuild(ROOT);
}

if (!incident) {
  await checkNodeName();
  buildDashboardIfStale();
}

interface Supervised {
  name: string;
  role: 'engine' | 'dashboard' | 'controller';
  args: string[];
  env: Record<string, string>;
  child: ChildProcess | null;
  restarts: number;
  startedAt: number;
  /** Stopped to be launched again at once (its mode changed), not restarted after a crash. */
  relaunching?: boolean;
}

let stopping = false;
/** The engine's and the dashboard's arguments and environment, with the database in service or not. */
const engineEnv = (): Record<string, string> => (incident ? { PORTICO_DATABASE_INCIDENT: `${incidentTitle(incident.kind)}: ${incident.summary}` } : {});
const dashboardArgs = () => [path.join(ROOT, incident ? 'scripts/database-incident-server.ts' : 'scripts/dashboard-server.ts')];
const dashboardEnv = (): Record<string, string> => (incident ? { PORTICO_DATABASE_INCIDENT_JSON: JSON.stringify(incident) } : {});
const controller = (): Supervised => ({ name: 'controller', role: 'controller', args: [...STRIPPED_MODULES_FLAGS, path.join(ROOT, 'controller/main.ts')], env: {}, child: null, restarts: 0, startedAt: 0 });
const allChildren: Supervised[] = [
  {
    name: 'engine',
    role: 'engine',
    // Stripped modules, the regex safety flag and the young generation's size (core/engine-node-flags.ts).
    args: [...ENGINE_NODE_FLAGS, path.join(ROOT, 'proxy-engine/main.ts')],
    // With the database out of service the engine never opens it and serves its last good configuration.
    env: engineEnv(),
    child: null,
    restarts: 0,
    startedAt: 0,
  },
  { name: 'dashboard', role: 'dashboard', args: dashboardArgs(), env: dashboardEnv(), child: null, restarts: 0, startedAt: 0 },
  // Background work needs the database: with it out of service there is nothing to do.
  ...(incident ? [] : [controller()]),
];
const children = allChildren.filter((s) => s.role === 'controller' || runs[s.role]);

function launch(s: Supervised): void {
  s.startedAt = Date.now();
  // The engine's IPC channel: it is told when the database comes back into service.
  const stdio: StdioOptions = s.role === 'engine' ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit';
  const child: ChildProcess = spawn(process.execPath, s.args, { cwd: ROOT, env: { ...childEnv, ...s.env }, stdio });
  s.child = child;
  child.on('exit', (code, signal) => {
    s.child = null;
    if (stopping) return;
    if (s.relaunching) {
      s.relaunching = false;
      launch(s);
      return;
    }
    // A process that ran for a minute has earned a fresh backoff.
    if (Date.now() - s.startedAt > 60_000) s.restarts = 0;
    const delay = Math.min(30_000, 250 * 2 ** s.restarts);
    s.restarts++;
    log.warn(`${s.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
    setTimeout(() => {
      if (!stopping) launch(s);
    }, delay);
  });
}

// Before any child exists: a stop at any moment after this stops the children too (no orphan).
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// logrotate signals whichever pid it knows: the engine writes the log files, so it reopens them.
process.on('SIGUSR1', () => children.find((s) => s.name === 'engine')?.child?.kill('SIGUSR1'));
// The engine and the controller load their modules already stripped of types (less memory:
// core/stripped-modules/hook.mjs); if the cache cannot be written they strip them as usual.
const stripped = buildStrippedModules();
if (stripped.error) log.warn(`could not prepare stripped modules in .cache/ (${stripped.error}); the engine strips TypeScript itself, using ≈ 35 MB more memory`);
for (const s of children) launch(s);
log.info(
  [
    `node ${nodeName(env)}, role ${env.PORTICO_ROLE}`,
    runs.dashboard ? `dashboard on http://${env.PORTICO_DASHBOARD_HOST}:${env.PORTICO_DASHBOARD_PORT}` : 'no dashboard',
    runs.engine ? `proxy on :${env.PORTICO_HTTP_PORT} (/healthz and /readyz on the control port 127.0.0.1:${env.PORTICO_CONTROL_PORT})` : 'no proxy',
  ].join(', '),
);

// PostgreSQL that did not answer at start (a server down or unreachable: the migration step
// failed) is asked again every few seconds; once it answers and is migrated, the instance
// leaves its incident mode without a restart. The engine keeps serving the last good
// configuration throughout and is told to open the database (no listener closes); the
// recovery page gives way to the dashboard and the controller starts. The recovery page
// took no writes, so none can be lost. Any other incident needs the operator.
const RECHECK_MS = 3000;
/** The dashboard in the mode the database's state now calls for (recovery page or dashboard). */
function relaunchDashboard(s: Supervised): void {
  s.args = dashboardArgs();
  s.env = dashboardEnv();
  // Not running: its restart is already scheduled and takes the new mode.
  if (!s.child) return;
  s.relaunching = true;
  s.child.kill('SIGTERM');
}
async function recheckDatabase(): Promise<void> {
  if (stopping || !incident) return;
  const found = await preparePostgresDatabase(postgresUrl!);
  if (stopping) return;
  if (found) {
    // Answering, but not a database to run on (another one, a newer schema): the operator decides.
    if (found.kind !== 'migration_failed') {
      incident = found;
      reportIncident(found);
      const dashboard = children.find((s) => s.role === 'dashboard');
      if (dashboard) relaunchDashboard(dashboard);
      return;
    }
    setTimeout(() => void recheckDatabase(), RECHECK_MS);
    return;
  }
  incident = null;
  await checkNodeName();
  buildDashboardIfStale();
  log.info(`the database ${redactDatabaseUrl(postgresUrl!)} answers again: in service without a restart (the engine brings its configuration up to date; ${runs.dashboard ? 'the dashboard replaces the recovery page, ' : ''}the controller starts)`);
  for (const s of children) {
    if (s.role === 'engine') {
      s.env = engineEnv();
      s.child?.send({ type: 'database-in-service' });
    } else if (s.role === 'dashboard') relaunchDashboard(s);
  }
  const started = controller();
  children.push(started);
  launch(started);
}
if (postgresUrl && incident?.kind === 'migration_failed') setTimeout(() => void recheckDatabase(), RECHECK_MS);

function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: stopping`);
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
