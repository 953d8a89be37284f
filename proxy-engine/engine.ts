// Wires the engine together: database, runtime applier, listeners and control API.
// main.ts runs it as a process; tests can start it in-process the same way.
import fs from 'node:fs';
import type http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ServerStateRegistry } from './balancer/server-state.ts';
import { GlobalSettings } from '../core/config/settings.ts';
import { isPostgres, openDb, type Db } from '../core/db/client.ts';
import { databaseUrlFromEnv } from '../core/db/database-url.ts';
import { listenForRevisions } from '../core/db/postgres-revision-channel.ts';
import { unavailableDb } from '../core/db/unavailable-db.ts';
import { switchableDb } from '../core/db/switchable-db.ts';
import { nodeName, type EngineEnv } from '../core/env.ts';
import { createControlServer, type ControlRoutes } from './admin/control-api.ts';
import { healthRoutes } from './admin/health-routes.ts';
import { EventQueue } from './stats/events.ts';
import { ReportedEventInput } from '../core/contract/stats.ts';
import { summarizeRing } from './stats/window-summary.ts';
import { ensureControlToken } from '../core/contract/control-token.ts';
import { createApplier, snapshotErrors, type Applier } from './provider/applier.ts';
import { readLastGood } from '../core/db/last-good.ts';
import { compileRuntime, type CompileDeps, type CompiledRuntime } from './runtime/compile.ts';
import type { Runtime } from './runtime/types.ts';
import { createHttpListener, LISTENER_LIMITS } from './server/http-listener.ts';
import { SlowConnections } from './server/slow-connections.ts';
import { UpstreamClients } from './upstream/clients.ts';
import { ActiveHealthChecker } from './health/active-checker.ts';
import { RateZones } from './middlewares/rate-limit/zones.ts';
import { attachSharedState, createSharedState, type SharedStateHandles } from './shared/shared-state.ts';
import { RedisState } from './redis/redis-state.ts';
import { redisSettingsFromEnv } from './redis/settings.ts';
import { redisMemoryZones, redisZoneWrappers } from './redis/zones.ts';
import { startPurgeBus } from './redis/purge-bus.ts';
import { startRevisionBus } from './redis/revision-bus.ts';
import { startStatsBus } from './redis/stats-bus.ts';
import { ConnZones } from './middlewares/conn-limit/zones.ts';
import { StatsCollector } from './stats/collector.ts';
import { StatsAggregator } from './stats/aggregator.ts';
import { SseHub } from './stats/sse-hub.ts';
import { renderMetrics, CONTENT_TYPE as PROMETHEUS_CONTENT_TYPE } from './stats/prometheus.ts';
import { createRollupWriter } from './stats/rollup-writer.ts';
import { createAccessLogObserver, createStatsObserver } from './stats/request-observer.ts';
import { createUpstreamStatsHooks } from './stats/upstream-hooks.ts';
import { poolHealth } from './admin/pool-health.ts';
import { createEngineMetrics } from './admin/engine-metrics.ts';
import { createHealthAudit } from './admin/health-audit.ts';
import { LogFile } from './logs/log-file.ts';
import { LogTail } from './logs/log-tail.ts';
import { createAccessLogger } from './logs/access-log.ts';
import { createErrorLogHooks, logEngineError } from './logs/error-log.ts';
import { createLogger, type Logger } from '../core/log/logger.ts';
import { combineHooks } from './runtime/hooks.ts';
import { searchLogs } from './logs/log-search.ts';
import { traceRequest } from './admin/trace.ts';
import { TraceInput } from '../core/contract/trace.ts';
// TLS: certificate store, HTTPS entrypoint (HTTP/2 + HTTP/1.1), OCSP stapling, ACME HTTP-01.
import { createEngineTls } from './tls/engine-tls.ts';
import { ChallengeResponder } from './tls/acme-challenges.ts';
import { createHttpsListener } from './server/https-listener.ts';
import { CacheZones } from './cache/zones.ts';
import { mergeZoneSummaries } from './workers/zone-summaries.ts';
import type { ZoneSummary } from './cache/zone.ts';
import { setBodySpoolDir } from './pipeline/request-body-spool.ts';
// streams: TCP/UDP listeners beside the HTTP runtime (proxy-engine/streams/).
import { createStreamManager } from './streams/stream-manager.ts';
import { StreamTraceInput } from '../core/contract/streams.ts';
import { renderStreamMetrics } from './streams/stream-metrics.ts';
import { secretBoxFor } from '../core/tls/secret-box.ts';
// workers: N data-plane threads on SO_REUSEPORT listeners (proxy-engine/workers/README.md).
import { createWorkerPool, type WorkerPool } from './workers/worker-pool.ts';
import { StatsMerger } from './workers/stats-transfer.ts';
import { renderWorkerMetrics } from './workers/worker-metrics.ts';
import type { HealthVerdict, WorkerStatus } from './workers/messages.ts';
import { countConnections } from './server/connection-count.ts';
import { dbChallengeSource } from './tls/acme-challenges.ts';
import type { LoadedConfig } from '../core/config/snapshot.ts';

export interface EngineHandle {
  ports: { http: number; https: number; control: number };
  applier: Applier;
  db: Db;
  /** The data-plane workers (null: one worker, the main thread itself serves). */
  workers: WorkerPool | null;
  /** Reopens the log files by name (after logrotate moved them: SIGUSR1). */
  reopenLogs(): Promise<void>;
  /**
   * Started with the database out of service (PORTICO_DATABASE_INCIDENT): the supervisor
   * found it usable again, so it is opened now and the configuration brought up to date,
   * the last good one serving until then. False when it was in service already.
   */
  databaseInService(): Promise<boolean>;
  stop(): Promise<void>;
}

function listen(server: http.Server | net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Written for the dashboard and tests: where this engine listens (ports may be ephemeral). */
/**
 * How the engine's modules were loaded: from the build-time stripped cache, or stripped by
 * Node in the process (core/stripped-modules/hook.mjs); null when started without the hook.
 */
function moduleLoads(): { cached: number; stripped: number } | null {
  const counts = (globalThis as Record<symbol, { cached: number; stripped: number } | undefined>)[Symbol.for('portico.strippedModuleLoads')];
  return counts ? { ...counts } : null;
}

export function engineInfoPath(dataDir: string): string {
  return path.join(dataDir, 'engine.json');
}

export interface StartEngineOptions {
  log?: Logger;
  /**
   * The engine's shared memory (proxy-engine/shared/shared-state.ts createSharedState):
   * limit zones and upstream server state then live there, one view for every thread
   * attached to it. Without it they are plain objects of this thread (one worker).
   */
  shared?: SharedStateHandles;
}

export async function startEngine(env: EngineEnv, options: StartEngineOptions = {}): Promise<EngineHandle> {
  const token = ensureControlToken(env.dataDir);
  // A database the supervisor found unusable is never opened (opening can change it); the
  // supervisor may put it in service later (databaseInService), behind the same handle.
  const switchable = env.PORTICO_DATABASE_INCIDENT ? switchableDb(unavailableDb(env.PORTICO_DATABASE_INCIDENT)) : null;
  const db = switchable?.db ?? (await openDb(env.dataDir));
  // With several workers their zones and upstream server state live in shared memory
  // (proxy-engine/shared/): created here, in the thread that outlives every worker.
  const workerCount = env.PORTICO_WORKERS ?? 1;
  const sharedHandles = options.shared ?? (workerCount > 1 ? createSharedState({ bytes: env.PORTICO_SHARED_MEMORY }) : undefined);
  // PORTICO_REDIS_URL: limit zones shared across instances, this thread's connection (each
  // worker opens its own); outages are reported once each, from here.
  const redisSettings = redisSettingsFromEnv(env);
  const redis = redisSettings
    ? new RedisState({ ...redisSettings, onOutage: (message) => logEngineError(errorFile, log, message), onRecovered: (message) => log.info(message) })
    : null;
  const shared = sharedHandles ? attachSharedState(sharedHandles, redis ? redisZoneWrappers(redis) : {}) : null;
  const redisLocal = redis && !shared ? redisMemoryZones(redis) : null;
  const registry = shared?.registry ?? new ServerStateRegistry();
  const clients = new UpstreamClients();
  const collector = new StatsCollector();
  const engineTls = createEngineTls(env.dataDir);
  // Cache zones live outside the runtime (a reload keeps them) and on disk under
  // <dataDir>/cache/<zone>/ (a restart keeps them). With workers, each zone's index is in
  // the shared memory: this thread's view is the one the control API lists and purges.
  const cacheZones = new CacheZones(env.dataDir, shared?.cacheIndexes ?? null);
  // Request bodies read whole before proxying spill to <dataDir>/tmp/request-bodies/.
  setBodySpoolDir(env.dataDir);
  const deps: CompileDeps = {
    tls: engineTls.compileDeps,
    registry,
    clients,
    collector,
    rateZones: shared?.rateZones ?? redisLocal?.rateZones ?? new RateZones(),
    connZones: shared?.connZones ?? redisLocal?.connZones ?? new ConnZones(),
    cacheZones,
  };
  const logsDir = path.join(env.dataDir, 'logs');
  fs.mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const accessFile = new LogFile(path.join(logsDir, 'access.log'), { maxBytes: 50 * 1024 * 1024, keep: 5 });
  const errorFile = new LogFile(path.join(logsDir, 'error.log'), { maxBytes: 10 * 1024 * 1024, keep: 3 });
  const tail = new LogTail();
  const log = options.log ?? createLogger('engine');
  // Access lines on stdout are many: written asynchronously, unlike the process's own lines.
  const accessStdout = env.PORTICO_ACCESS_LOG_STDOUT === '1' ? createLogger('engine', { sync: false }) : undefined;
  const accessLogger = createAccessLogger(accessFile, tail, accessStdout);
  // TLS: challenge tokens answered before routing on both entrypoints.
  const challenges = new ChallengeResponder(db);
  await challenges.refresh().catch(() => 0);
  // One set of request hooks for every phase: counters and the access log, forwarding's
  // upstream counters and error log, the ACME challenge responder.
  // PORTICO_STATS=off: no per-request counters (the benchmark's stats-cost scenario).
  const stats = env.PORTICO_STATS !== 'off';
  const hooks = combineHooks(
    stats ? createStatsObserver(collector, accessLogger) : createAccessLogObserver(accessLogger),
    stats ? createUpstreamStatsHooks(collector) : {},
    createErrorLogHooks(errorFile, log),
    challenges.hooks(),
  );
  deps.hooks = hooks;
  // workers: with more than one, the main thread compiles (to validate and to answer
  // trace, health and status) but serves no traffic; the workers do.
  const merger = new StatsMerger(collector);
  const pool: WorkerPool | null =
    workerCount > 1
      ? createWorkerPool({
          count: workerCount,
          dataDir: env.dataDir,
          host: env.PORTICO_BIND_ADDRESS,
          ports: { http: env.PORTICO_HTTP_PORT, https: env.PORTICO_HTTPS_PORT },
          publicHttpsPort: env.PORTICO_PUBLIC_HTTPS_PORT ?? null,
          stats: env.PORTICO_STATS !== 'off',
          accessLogStdout: env.PORTICO_ACCESS_LOG_STDOUT === '1',
          merger,
          log,
          onLogs(access, error) {
            // A batch of lines is appended as one: the file's content is the same.
            if (access) {
              accessFile.append(access);
              if (tail.listening) for (const line of access.split('\n')) tail.publish(line);
            }
            if (error) errorFile.append(error);
          },
          challenge: (token) => dbChallengeSource(db).find(token),
          verdicts: () => activeVerdicts(),
          challenges: () => challenges.known(),
          sharedState: sharedHandles ?? null,
          redis: redisSettings,
          onRestart: (_id, reason) => errorFile.append(JSON.stringify({ time: new Date().toISOString(), level: 'error', message: reason })),
        })
      : null;
  // Active checks run here; their verdicts reach every worker's balancer.
  const activeVerdicts = (): HealthVerdict[] =>
    [...registry.entries()].filter((s) => s.health !== 'unknown').map((s) => ({ poolId: s.poolId, address: s.address, to: s.health, reason: null, at: s.lastCheckAt ?? Date.now() }));
  if (pool) {
    registry.onHealthChange((event) => {
      if (event.source === 'active') pool.broadcast({ type: 'verdicts', verdicts: [{ poolId: event.poolId, address: event.address, to: event.to, reason: event.reason, at: event.at }] });
    });
  }
  const checker = new ActiveHealthChecker(registry);
  const healthAudit = createHealthAudit(db);
  const events = new EventQueue();
  registry.onHealthChange((event) => {
    healthAudit.record(event);
    const wentUp = event.from === 'unhealthy' && event.to === 'healthy';
    if (event.to === 'unhealthy' || wentUp) {
      events.push({ kind: wentUp ? 'server.up' : 'server.down', poolId: event.poolId, address: event.address, source: event.source, reason: event.reason }, event.at);
    }
    const counters = collector.upstream(event.address);
    if (event.to === 'unhealthy') counters.wentDown++;
    else if (event.from === 'unhealthy' && event.to === 'healthy') counters.wentUp++;
  });

  // Serve the last good configuration at once; the database then brings it up to date.
  const lastGood = readLastGood(env.dataDir);
  const empty = { revision: -1, settings: GlobalSettings.parse({}), hosts: [], pools: [], cacheZones: [], limitZones: [], errors: [] };
  let compiled: CompiledRuntime;
  let startConfig = lastGood ?? empty;
  try {
    compiled = compileRuntime(startConfig, deps);
  } catch (error) {
    // A saved copy that no longer compiles must not keep the engine from starting.
    process.emitWarning(`the last good configuration (revision ${lastGood?.revision}) could not be compiled: ${(error as Error).message}; starting without it`);
    startConfig = empty;
    compiled = compileRuntime(empty, deps);
  }
  compiled.commit(null);
  const initial: Runtime = compiled.runtime;
  // streams: the last good configuration's streams serve at once, like its hosts.
  const streams = createStreamManager({ host: env.PORTICO_BIND_ADDRESS, drainMs: env.PORTICO_STREAM_DRAIN_MS, openKey: (stored) => secretBoxFor(env.dataDir).open(stored), log: (message) => logEngineError(errorFile, log, message) });
  // Streams that cannot start (a saved copy from another version) must not keep the HTTP side from starting either.
  await streams.apply(startConfig).catch((error: unknown) => process.emitWarning(`the last good configuration's streams could not be started: ${(error as Error).message}`));
  const applier = createApplier(db, env.dataDir, deps, initial, streams.apply, pool ? (config) => pool.apply(config) : undefined);
  const checkedPools = (runtime: typeof initial) => runtime.pools.map((p) => ({ ...p.config, scheme: p.scheme, allowLinkLocal: runtime.settings.allowLinkLocalUpstreams }));
  applier.onApplied((runtime) => checker.update(checkedPools(runtime)));
  checker.start(checkedPools(initial));
  await applier.check(true);
  applier.start(1000);
  // PostgreSQL: told of each new revision at once (LISTEN/NOTIFY); the poll stays the fallback.
  const listenOn = (database: typeof db) => (isPostgres(database) ? listenForRevisions(databaseUrlFromEnv()!, () => void applier.check()) : null);
  let revisionListener = switchable ? null : listenOn(db);
  let outOfService = switchable !== null;
  // workers: they start with the revision just applied (or the last good one).
  let workerPorts: { http: number; https: number } | null = null;
  if (pool) {
    try {
      workerPorts = await pool.start(startConfig satisfies LoadedConfig);
    } catch (error) {
      applier.stop();
      await pool.stop(0);
      throw error;
    }
  }

  const rollups = createRollupWriter(db, nodeName(env));
  // streams: their connections, bytes and durations ride in the same one-second snapshot.
  const aggregator = new StatsAggregator({ collector, events, onMinute: rollups.onMinute, streams: () => streams.status() });
  const hub = new SseHub({ ring: aggregator.ring });
  aggregator.subscribe(() => hub.publish());
  // PORTICO_REDIS_URL: every second also goes to the dashboards, which merge all nodes' seconds.
  const statsBus = redis && redisSettings ? startStatsBus(redisSettings, redis, nodeName(env)) : null;
  if (statsBus) aggregator.subscribe((entry) => statsBus.publish(entry));
  aggregator.start();

  const httpsPort = env.PORTICO_PUBLIC_HTTPS_PORT ?? env.PORTICO_HTTPS_PORT;
  const httpEntrypoint = { name: 'http' as const, port: env.PORTICO_HTTP_PORT, httpsPort };
  // The HTTPS listener follows every applied runtime for the certificate of clients that send no SNI.
  const httpsEntrypoint = { name: 'https' as const, port: env.PORTICO_HTTPS_PORT, httpsPort };
  // One account of slow connections per address across both entrypoints.
  const slowConnections = new SlowConnections(LISTENER_LIMITS.slowConnections);
  const https = createHttpsListener(
    { current: applier.current, entrypoint: httpsEntrypoint, hooks, fallback: engineTls.fallback, stapler: engineTls.stapler },
    slowConnections,
  );
  https.applyRuntime(applier.current());
  applier.onApplied((runtime) => https.applyRuntime(runtime));
  const httpServer = createHttpListener({ current: applier.current, entrypoint: httpEntrypoint, hooks }, slowConnections);

  // The whole verdict (apply state and per-object errors): what /status shows and what a
  // reload answers, so a writer learns in one call what the engine made of its write.
  // workers: one entry per worker; with one, the engine itself (its main thread serves).
  const workerStatuses = async (): Promise<WorkerStatus[]> => {
    if (pool) return pool.status();
    let requests = 0;
    for (const host of collector.hosts()) requests += host.total.requests + host.live.requests;
    return [{ id: 1, appliedRevision: applier.status().appliedRevision, connections: connections(), restarts: 0, requests, threadId: null, error: null }];
  };
  const fullStatus = async () => {
    const status = applier.status();
    const runtime = applier.current();
    return { ...status, errors: [...snapshotErrors(runtime, status), ...streams.errors(), ...(pool?.errors() ?? [])], hostCount: runtime.hostCount, pid: process.pid, workers: await workerStatuses(), modules: moduleLoads(), ...(redis ? { redis: redis.status(), revisionAnnouncements: { ...announcements } } : {}) };
  };
  const runningPools = () => {
    const runtime = applier.current();
    return runtime.pools.map((p) => poolHealth(runtime, registry, p.config.id)!);
  };
  const workerZoneSummaries = async (): Promise<ZoneSummary[]> => {
    const perWorker = (await pool!.callAll({ method: 'cacheZones' })) as ZoneSummary[][];
    if (!cacheZones.shared) return mergeZoneSummaries(perWorker);
    const memory = mergeZoneSummaries(perWorker);
    return cacheZones.summary().map((z) => ({ ...z, memoryBytes: memory.find((m) => m.name === z.name)?.memoryBytes ?? 0 }));
  };
  const processMetrics = createEngineMetrics({
    revisions: () => {
      const s = applier.status();
      return { applied: s.appliedRevision, desired: s.desiredRevision, lastAppliedAt: s.lastAppliedAt };
    },
    certificates: () => engineTls.status(applier.current().tls?.entries ?? []).filter((c) => c.id !== 'fallback'),
    pools: runningPools,
    cacheZones: () => cacheZones.summary(),
  });
  const purgeHere = async (body: unknown): Promise<{ removed: number }> => {
    if (!pool || cacheZones.shared) return cacheZones.purge(body);
    const answers = (await pool.callAll({ method: 'cachePurge', body })) as { removed: number }[];
    return { removed: answers.reduce((sum, a) => sum + a.removed, 0) };
  };
  const purgeBus = redis && redisSettings ? startPurgeBus(redisSettings, redis, purgeHere, (message) => logEngineError(errorFile, log, message)) : null;
  // A revision applied here is announced to the other engines, which check at once instead of
  // at their next poll (redis/revision-bus.ts); the poll stays for anything missed.
  // Counted for /status: proof that announcements arrive (a writer's on SQLite, another engine's).
  const announcements = { heard: 0, lastRevision: null as number | null };
  const onAnnounced = (revision: number) => {
    announcements.heard++;
    announcements.lastRevision = revision;
    if (revision > applier.status().appliedRevision) applier.check().catch(() => undefined);
  };
  const revisionBus = redis && redisSettings ? startRevisionBus(redisSettings, redis, onAnnounced) : null;
  applier.onApplied((runtime) => void revisionBus?.announce(runtime.revision));
  const routes: ControlRoutes = {
    'GET /status': fullStatus,
    'POST /reload': async () => {
      await applier.check();
      return fullStatus();
    },
    // TLS: the dashboard pings after writing a challenge token; status lists served certificates.
    'POST /acme/challenges': async () => {
      const tokens = await challenges.refresh();
      pool?.broadcast({ type: 'challenges', tokens: challenges.known() });
      return { tokens };
    },
    // Certificate issuance and renewal and the health gate run in the controller; it
    // reports them here so they reach the stats stream next to the traffic they explain.
    'POST /events': (_req, _res, body) => {
      const input = ReportedEventInput.safeParse(body ?? {});
      if (!input.success) throw Object.assign(new Error(input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')), { status: 400 });
      events.push(input.data);
      return { accepted: true };
    },
    'GET /tls': () => ({ certificates: engineTls.status(applier.current().tls?.entries ?? []), fallback: engineTls.status([engineTls.fallback])[0] }),
    // workers: every worker's zones, added up by name; a purge reaches each of them.
    // Shared zones (workers with shared memory): entries, sizes and statuses are the
    // index's, for every worker; only the bodies kept in memory are each worker's.
    'GET /cache/zones': async () => ({ zones: pool ? await workerZoneSummaries() : cacheZones.summary() }),
    'POST /cache/purge': async (_req, _res, body) => {
      const result = await purgeHere(body);
      // PORTICO_REDIS_URL: every other instance applies it too.
      if (!purgeBus) return result;
      return { ...result, instances: (await purgeBus.publish(body)) ? 'all' : 'this one only' };
    },
    'GET /stats/stream': (req, res) => {
      hub.attach(res, req.headers['last-event-id'] as string | undefined);
      return undefined;
    },
    // The health gate's before/after comparison: totals of [from, to) from the ring.
    'GET /stats/summary': (req) => {
      const q = new URL(req.url ?? '/', 'http://control').searchParams;
      const from = Number(q.get('from'));
      const to = Number(q.get('to') ?? Date.now());
      if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) throw Object.assign(new Error('from and to must be epoch milliseconds with from < to'), { status: 400 });
      return summarizeRing(aggregator.ring, from, to);
    },
    'GET /metrics': async (_req, res) => {
      const body = renderMetrics(collector) + renderStreamMetrics(streams.status()) + (await processMetrics.text()) + renderWorkerMetrics(await workerStatuses()); // streams, workers
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return undefined;
    },
    'POST /trace': async (_req, _res, body) => {
      const input = TraceInput.safeParse(body ?? {});
      if (!input.success) throw Object.assign(new Error(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')), { status: 400 });
      return traceRequest(applier.current(), input.data, { ports: { http: ports.http, https: ports.https }, registry, rateZones: deps.rateZones });
    },
    'GET /logs': async (req) => {
      const q = new URL(req.url ?? '/', 'http://control').searchParams;
      const date = (name: string) => (q.get(name) ? new Date(q.get(name)!) : undefined);
      const limit = Math.min(Math.max(Number(q.get('limit') ?? 100) || 100, 1), 1000);
      const source = q.get('source') === 'error' ? errorFile : accessFile;
      await Promise.all([accessFile.flush(), errorFile.flush()]);
      return searchLogs(source.files(), { host: q.get('host') ?? undefined, status: q.get('status') ?? undefined, path: q.get('path') ?? undefined, requestId: q.get('requestId') ?? undefined, from: date('from'), to: date('to'), limit, cursor: q.get('cursor') ?? undefined });
    },
    'GET /logs/stream': (req, res) => {
      const host = new URL(req.url ?? '/', 'http://control').searchParams.get('host');
      tail.attach(res, host ? (line) => line.includes(`"host":${JSON.stringify(host)}`) : undefined);
      return undefined;
    },
    // Every running pool's servers at once (the overview's health panel asks for all of them).
    'GET /pools/health': () => ({ pools: runningPools() }),
    'GET /streams': () => ({ streams: streams.status() }), // streams: live connections and bytes
    'POST /streams/trace': (_req, _res, body) => {
      const input = StreamTraceInput.safeParse(body ?? {});
      if (!input.success) throw Object.assign(new Error(input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')), { status: 400 });
      return streams.trace(input.data);
    },
    'GET /pools/:id/health': (req) => {
      const id = (req as typeof req & { params: { id: string } }).params.id;
      const health = poolHealth(applier.current(), registry, id);
      if (!health) throw Object.assign(new Error(`pool ${id} is not in the running configuration`), { status: 404 });
      return health;
    },
  };
  const control = createControlServer(token, routes, healthRoutes(applier.status));

  // streams: listen … proxy_protocol reads the PROXY header in front of the HTTP server.
  const httpFront = streams.httpFront(httpServer);
  // streams: TLS passthrough by SNI reads the ClientHello in front of the HTTPS server.
  const httpsFront = streams.httpsFront(https.server);
  const connections = countConnections(httpFront, httpsFront);
  let httpPort: number;
  let httpsListenPort: number;
  let controlPort: number;
  if (workerPorts) {
    // workers: they listen; the main thread's entrypoint servers are never bound.
    ({ http: httpPort, https: httpsListenPort } = workerPorts);
    controlPort = await listen(control, env.PORTICO_CONTROL_PORT, '127.0.0.1');
  } else {
    httpPort = await listen(httpFront, env.PORTICO_HTTP_PORT, env.PORTICO_BIND_ADDRESS);
    // $server_port and redirects need the real port when an ephemeral one was asked for.
    httpEntrypoint.port = httpPort;
    controlPort = await listen(control, env.PORTICO_CONTROL_PORT, '127.0.0.1');
    httpsListenPort = await listen(httpsFront, env.PORTICO_HTTPS_PORT, env.PORTICO_BIND_ADDRESS);
    httpsEntrypoint.port = httpsListenPort;
    if (env.PORTICO_PUBLIC_HTTPS_PORT === undefined) httpEntrypoint.httpsPort = httpsEntrypoint.httpsPort = httpsListenPort;
  }
  const ports = { http: httpPort, https: httpsListenPort, control: controlPort };
  fs.writeFileSync(engineInfoPath(env.dataDir), JSON.stringify({ pid: process.pid, ports, startedAt: new Date().toISOString() }), { mode: 0o600 });

  return {
    ports,
    applier,
    db,
    workers: pool,
    reopenLogs: async () => {
      await Promise.all([accessFile.flush(), errorFile.flush()]);
      await Promise.all([accessFile.reopen(), errorFile.reopen()]);
    },
    async databaseInService() {
      if (!switchable || !outOfService) return false;
      outOfService = false;
      const opened = await openDb(env.dataDir);
      await switchable.switchTo(opened).$disconnect();
      revisionListener = listenOn(opened);
      await challenges.refresh().catch(() => 0);
      await applier.check(true).catch(() => undefined);
      return true;
    },
    async stop() {
      applier.stop();
      await revisionListener?.close();
      // workers: they finish their in-flight requests and send their last lines and counts first.
      await pool?.stop();
      await streams.stop(); // streams
      slowConnections.stop();
      aggregator.stop();
      hub.closeAll();
      tail.closeAll();
      await Promise.all([accessFile.close(), errorFile.close()]);
      accessStdout?.flush();
      await checker.stop();
      await healthAudit.close();
      aggregator.flushMinute();
      await rollups.flush();
      // streams: the front servers only stop accepting. Every connection they took was handed
      // to the HTTP or TLS server (or a passthrough stream) and is closed by that owner;
      // waiting for the front's own count would wait on connections it no longer runs.
      httpFront.close();
      httpsFront.close();
      await Promise.all([new Promise<void>((resolve) => httpServer.close(() => resolve())), new Promise<void>((resolve) => control.close(() => resolve())), https.close()]);
      engineTls.stop();
      httpServer.closeAllConnections();
      control.closeAllConnections();
      await clients.closeAll();
      await cacheZones.close();
      purgeBus?.close();
      revisionBus?.close();
      redis?.close();
      await db.$disconnect();
    },
  };
}
