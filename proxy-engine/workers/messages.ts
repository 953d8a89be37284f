// What the engine's main thread and its data-plane workers say to each other over the
// worker's message port. Plain data only (structured clone): a configuration snapshot,
// counters in their sparse form, log lines, keys.
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import type { HealthStatus } from '../balancer/server-state.ts';
import type { StatsReport } from './stats-transfer.ts';
import type { ChallengeToken } from '../tls/acme-challenges.ts';
import type { RedisSettings } from '../redis/settings.ts';
import type { EngineWorkerStatus } from '../../core/contract/engine-client.ts';

export type { ChallengeToken };

/** What a worker starts with (workerData). */
export interface WorkerData {
  /** 1 … N, stable across restarts of the same slot. */
  id: number;
  dataDir: string;
  /** Where this worker keeps what is its own on disk (cache files, spooled bodies). */
  workerDir: string;
  host: string;
  /** 0 asks for an ephemeral port (the first worker); the others bind the port it got. */
  ports: { http: number; https: number };
  /** The HTTPS port clients see (for HTTP→HTTPS redirects); null = the HTTPS listen port. */
  publicHttpsPort: number | null;
  stats: boolean;
  accessLogStdout: boolean;
  /** The revision in service when the worker starts: it serves it before it listens. */
  config: LoadedConfig;
  /** The engine's TLS session ticket key (48 bytes): the same in every worker. */
  ticketKey: Uint8Array;
  /** Active health verdicts known so far (the main thread runs the checks). */
  verdicts: HealthVerdict[];
  /** ACME HTTP-01 tokens known so far: [token, key authorization, expires at]. */
  challenges: ChallengeToken[];
  /**
   * The handles of the engine's shared memory zones (createSharedState() in the main
   * thread), passed through as given: null until the shared-state half provides them;
   * worker-deps.ts attaches to them.
   */
  sharedState: unknown;
  /** PORTICO_REDIS_URL: the worker opens its own connection for the limit zones shared across instances. */
  redis?: RedisSettings | null;
}


export interface HealthVerdict {
  poolId: string;
  address: string;
  to: HealthStatus;
  reason: string | null;
  at: number;
}

/** Calls the main thread makes of a worker (answered with a `reply`). */
export type WorkerCall = { method: 'status' } | { method: 'cacheZones' } | { method: 'cachePurge'; body: unknown };

export type ToWorker =
  | { type: 'apply'; config: LoadedConfig }
  | { type: 'ticketKey'; key: Uint8Array }
  | { type: 'verdicts'; verdicts: HealthVerdict[] }
  | { type: 'challenges'; tokens: ChallengeToken[] }
  | { type: 'call'; id: number; call: WorkerCall }
  | { type: 'reply'; id: number; value?: unknown; error?: string }
  | { type: 'stop'; graceMs: number };

export type FromWorker =
  | { type: 'listening'; ports: { http: number; https: number } }
  /** `error`: the revision could not be compiled here; the worker keeps serving the old one. */
  | { type: 'applied'; revision: number; error: string | null }
  | { type: 'stats'; report: StatsReport }
  /** Lines joined by "\n" ('' = none). */
  | { type: 'logs'; access: string; error: string }
  /** A challenge token this worker does not know: the main thread looks it up. */
  | { type: 'call'; id: number; call: { method: 'challenge'; token: string } }
  | { type: 'reply'; id: number; value?: unknown; error?: string };

/** What GET /status shows per worker (the control API's contract). */
export type WorkerStatus = EngineWorkerStatus;
