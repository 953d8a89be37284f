// Portico's engine under test: `node proxy-engine/main.ts` as the supervisor starts it
// (same V8 flag), pinned to the proxy CPU, on a fresh data directory. Configuration
// arrives the way a user's nginx import does: importNginx(text) → rows through Prisma →
// revision bump → POST /reload on the control API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../core/db/client.ts';
import { importNginx, type ImportPlan } from '../../core/nginx/import-nginx.ts';
import { deployMigrations } from '../../scripts/lib/migrations.ts';
import { httpRequest } from './http-get.ts';
import { ENGINE_NODE_FLAGS } from '../../core/engine-node-flags.ts';
import { buildStrippedModules } from '../../core/stripped-modules/build.ts';
import { insertPlan } from './insert-plan.ts';
import { connectable, freePort, startPinned, waitUntil, type Child } from './proc.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface PorticoOptions {
  /** One CPU, or a taskset list ("0,1") for several workers. */
  cpu: number | string;
  /** Extra engine environment (PORTICO_STATS=off for the stats-cost scenario). */
  env?: Record<string, string>;
  /** Write a V8 CPU profile (node --cpu-prof) into this directory when the engine exits. */
  cpuProfDir?: string;
  /** Another checkout's root to run the engine from (A/B of two versions: bench/compare-engines.ts). */
  root?: string;
  /** Extra V8/Node flags for the engine (e.g. --max-semi-space-size=8: bench/memory-probe.ts). */
  nodeFlags?: string[];
}

export interface ApplyStatus {
  appliedRevision: number;
  desiredRevision: number;
  lastApplyMs: number | null;
  databaseError: string | null;
  compileError: string | null;
}

export interface PorticoInstance {
  pid: number;
  dataDir: string;
  ports: { http: number; https: number; control: number };
  db: Db;
  /** Replaces the configuration with the import of `text`; returns the plan and host ids. */
  apply(text: string): Promise<{ plan: ImportPlan; hostIds: string[]; revision: number; status: ApplyStatus }>;
  /** POST /reload: applies the latest revision now and answers with the engine's status. */
  reload(): Promise<ApplyStatus>;
  control(method: string, pathname: string): Promise<unknown>;
  /** GET /metrics (Prometheus text). */
  metrics(): Promise<string>;
  stop(): Promise<void>;
  output(): string;
}

export async function startPortico(options: PorticoOptions): Promise<PorticoInstance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-engine-'));
  await deployMigrations({
    dbFile: path.join(dataDir, 'portico.db'),
    schemaPath: path.join(ROOT, 'prisma/schema.prisma'),
    migrationsDir: path.join(ROOT, 'prisma/migrations'),
  });
  const ports = { http: await freePort(), https: await freePort(), control: await freePort() };
  // As the supervisor does: the engine loads its modules stripped at build time.
  buildStrippedModules({ root: options.root ?? ROOT });
  const flags = [...ENGINE_NODE_FLAGS];
  if (options.nodeFlags) flags.push(...options.nodeFlags);
  if (options.cpuProfDir) flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  const root = options.root ?? ROOT;
  const child: Child = startPinned(options.cpu, process.execPath, [...flags, path.join(root, 'proxy-engine/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      PORTICO_DATA_DIR: dataDir,
      PORTICO_HTTP_PORT: String(ports.http),
      PORTICO_HTTPS_PORT: String(ports.https),
      PORTICO_CONTROL_PORT: String(ports.control),
      PORTICO_BIND_ADDRESS: '127.0.0.1',
      // One worker unless a scenario asks for more (multi-core): the figures stay comparable with earlier runs.
      PORTICO_WORKERS: '1',
      ...options.env,
    },
  });
  const infoFile = path.join(dataDir, 'engine.json');
  try {
    await waitUntil('the engine to start', async () => {
      if (child.process.exitCode !== null) throw new Error(`the engine exited:\n${child.output()}`);
      return fs.existsSync(infoFile) && (await connectable(ports.http));
    }, 60_000);
  } catch (error) {
    await child.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const token = fs.readFileSync(path.join(dataDir, 'engine.token'), 'utf8').trim();
  const db = await openDb(dataDir);

  const control = async (method: string, pathname: string): Promise<unknown> => {
    const res = await httpRequest(ports.control, method, pathname, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw new Error(`control ${method} ${pathname}: ${res.status} ${res.body}`);
    return JSON.parse(res.body) as unknown;
  };
  const reload = () => control('POST', '/reload') as Promise<ApplyStatus>;

  return {
    pid: child.process.pid!,
    dataDir,
    ports,
    db,
    async apply(text) {
      const plan = importNginx(text);
      const lost = plan.warnings.filter((w) => w.kind === 'unsupported');
      if (lost.length > 0) throw new Error(`the import lost behaviour:\n${lost.map((w) => `  line ${w.line} ${w.directive}: ${w.message}`).join('\n')}`);
      const { revision, hostIds } = await insertPlan(db, plan);
      const status = await reload();
      if (status.appliedRevision < revision) throw new Error(`revision ${revision} was not applied: ${JSON.stringify(status)}`);
      const engineStatus = (await control('GET', '/status')) as { errors: unknown[] };
      if (engineStatus.errors.length > 0) throw new Error(`the engine refused part of the configuration:\n${JSON.stringify(engineStatus.errors, null, 2).slice(0, 4000)}`);
      return { plan, hostIds, revision, status };
    },
    reload,
    control,
    metrics: async () => (await httpRequest(ports.control, 'GET', '/metrics', { authorization: `Bearer ${token}` })).body,
    async stop() {
      await db.$disconnect();
      await child.stop(15_000);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    output: () => child.output(),
  };
}
