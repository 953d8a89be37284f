// One data-plane worker: it compiles every revision it is sent (compiling is pure, so the
// same snapshot gives the same runtime as in the main thread) and serves HTTP and HTTPS
// on SO_REUSEPORT listeners, the kernel spreading connections over the workers as over
// nginx's. What it counts and logs goes to the main thread; what the main thread owns
// (ticket key, active health verdicts, ACME tokens) comes from it.
import type http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import { compileRuntime, type CompileDeps } from '../runtime/compile.ts';
import type { Runtime } from '../runtime/types.ts';
import { createHttpListener, LISTENER_LIMITS } from '../server/http-listener.ts';
import { createHttpsListener } from '../server/https-listener.ts';
import { SlowConnections } from '../server/slow-connections.ts';
import { countConnections } from '../server/connection-count.ts';
import { UpstreamClients } from '../upstream/clients.ts';
import { StatsCollector } from '../stats/collector.ts';
import { createAccessLogObserver, createStatsObserver } from '../stats/request-observer.ts';
import { createUpstreamStatsHooks } from '../stats/upstream-hooks.ts';
import { createAccessLogger } from '../logs/access-log.ts';
import { createErrorLogHooks, logEngineError } from '../logs/error-log.ts';
import { combineHooks } from '../runtime/hooks.ts';
import { createEngineTls } from '../tls/engine-tls.ts';
import { ChallengeResponder, type ChallengeSource } from '../tls/acme-challenges.ts';
import { setBodySpoolDir } from '../pipeline/request-body-spool.ts';
import { createStreamManager } from '../streams/stream-manager.ts';
import { secretBoxFor } from '../../core/tls/secret-box.ts';
import { createLogger } from '../../core/log/logger.ts';
import type { LogForwarder } from './log-forwarder.ts';
import type { HealthVerdict, WorkerData } from './messages.ts';
import { createWorkerStateDeps } from './worker-deps.ts';
import type { ZoneSummary } from '../cache/zone.ts';

export interface DataPlane {
  readonly collector: StatsCollector;
  current(): Runtime;
  /** Compiles and swaps in `config`; the error when it cannot compile (the old runtime keeps serving). */
  apply(config: LoadedConfig): Promise<string | null>;
  listen(): Promise<{ http: number; https: number }>;
  connections(): number;
  useTicketKey(key: Buffer): void;
  applyVerdicts(verdicts: readonly HealthVerdict[]): void;
  challenges: ChallengeResponder;
  cacheZones(): ZoneSummary[];
  purge(body: unknown): Promise<{ removed: number }>;
  stop(graceMs: number): Promise<void>;
}

// Only the streams on the HTTPS entrypoint (TLS passthrough by SNI) and the PROXY
// protocol settings live here, in front of this worker's listeners; TCP/UDP stream ports
// are the main thread's.
const entrypointStreamsOnly = (config: LoadedConfig): LoadedConfig => ({ ...config, streams: (config.streams ?? []).filter((s) => s.entrypoint) });

export function createDataPlane(data: WorkerData, lines: LogForwarder, challengeSource: ChallengeSource): DataPlane {
  const log = createLogger('engine').child({ worker: data.id });
  const state = createWorkerStateDeps(data);
  const clients = new UpstreamClients();
  const collector = new StatsCollector();
  const engineTls = createEngineTls(data.dataDir);
  setBodySpoolDir(data.workerDir);
  const accessStdout = data.accessLogStdout ? createLogger('engine', { sync: false }).child({ worker: data.id }) : undefined;
  // The live tail (GET /logs/stream) is the main thread's: it publishes the lines it receives.
  const accessLogger = createAccessLogger(lines.access, { publish: () => undefined }, accessStdout);
  const challenges = new ChallengeResponder(challengeSource);
  challenges.load(data.challenges);
  const hooks = combineHooks(
    data.stats ? createStatsObserver(collector, accessLogger) : createAccessLogObserver(accessLogger),
    data.stats ? createUpstreamStatsHooks(collector) : {},
    createErrorLogHooks(lines.error, log),
    challenges.hooks(),
  );
  const deps: CompileDeps = { tls: engineTls.compileDeps, ...state, clients, collector, hooks };

  const first = compileRuntime(data.config, deps);
  first.commit(null);
  let runtime = first.runtime;
  const current = () => runtime;
  const applyVerdicts = (verdicts: readonly HealthVerdict[]) => {
    for (const v of verdicts) state.registry.transition(state.registry.get(v.poolId, v.address), 'active', v.to, v.reason, v.at);
  };
  applyVerdicts(data.verdicts);

  const streams = createStreamManager({ host: data.host, openKey: (stored) => secretBoxFor(data.dataDir).open(stored), log: (message) => logEngineError(lines.error, log, message) });
  const streamsReady = streams.apply(entrypointStreamsOnly(data.config)).catch((error: unknown) => log.warn(`streams on the HTTPS entrypoint not started: ${(error as Error).message}`));

  const httpsPort = data.publicHttpsPort ?? data.ports.https;
  const httpEntrypoint = { name: 'http' as const, port: data.ports.http, httpsPort };
  const httpsEntrypoint = { name: 'https' as const, port: data.ports.https, httpsPort };
  const slow = new SlowConnections(LISTENER_LIMITS.slowConnections);
  const https = createHttpsListener({ current, entrypoint: httpsEntrypoint, hooks, fallback: engineTls.fallback, stapler: engineTls.stapler, ticketKey: Buffer.from(data.ticketKey) }, slow);
  https.applyRuntime(runtime);
  const httpServer = createHttpListener({ current, entrypoint: httpEntrypoint, hooks }, slow);
  const httpFront = streams.httpFront(httpServer);
  const httpsFront = streams.httpsFront(https.server);
  const connections = countConnections(httpFront, httpsFront);

  return {
    collector,
    current,
    connections,
    challenges,
    applyVerdicts,
    async apply(config) {
      let next;
      try {
        next = compileRuntime(config, deps);
      } catch (error) {
        return `revision ${config.revision} could not be compiled in worker ${data.id}: ${(error as Error).message}`;
      }
      const previous = runtime;
      runtime = next.runtime;
      next.commit(previous);
      https.applyRuntime(runtime);
      await streams.apply(entrypointStreamsOnly(config)).catch((error: unknown) => log.warn(`streams of revision ${config.revision} not applied: ${(error as Error).message}`));
      return null;
    },
    async listen() {
      await streamsReady;
      // The first worker may be given port 0: the others are then started with the port it got.
      const httpPort = await listenReusingPort(httpFront, data.ports.http, data.host);
      httpEntrypoint.port = httpPort;
      const httpsListenPort = await listenReusingPort(httpsFront, data.ports.https, data.host);
      httpsEntrypoint.port = httpsListenPort;
      if (data.publicHttpsPort === null) httpEntrypoint.httpsPort = httpsEntrypoint.httpsPort = httpsListenPort;
      return { http: httpPort, https: httpsListenPort };
    },
    useTicketKey: (key) => https.useTicketKey(key),
    cacheZones: () => state.cacheZones.summary(),
    purge: (body) => state.cacheZones.purge(body),
    async stop(graceMs) {
      httpFront.close();
      httpsFront.close();
      await Promise.race([
        Promise.all([new Promise<void>((resolve) => httpServer.close(() => resolve())), https.close(graceMs)]),
        new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
      httpServer.closeAllConnections();
      slow.stop();
      await streams.stop();
      engineTls.stop();
      await clients.closeAll();
      await state.cacheZones.close();
      state.redis?.close();
    },
  };
}

function listenReusingPort(server: net.Server | http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, reusePort: true }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
