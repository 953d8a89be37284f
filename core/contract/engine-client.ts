// The one client of the engine's loopback control API (port from data/engine.json, token
// from data/engine.token), shared by the dashboard and the controller. The engine may be
// down or restarting: `call` says which of down, too slow, broken or answered it was (the
// dashboard's api/engine-call.ts turns that into a truthful API error), the typed helpers
// degrade to null ("unknown").
import fs from 'node:fs';
import path from 'node:path';
import type { ObjectError } from './status.ts';
import type { WindowSummary } from './window-summary.ts';
import { readControlToken } from './control-token.ts';

/** GET /status: what the engine serves and what it made of the desired revision. */
export interface EngineStatus {
  appliedRevision: number;
  desiredRevision: number;
  lastAppliedAt: number | null;
  lastApplyMs: number | null;
  databaseError: string | null;
  compileError?: string | null;
  errors: ObjectError[];
  hostCount?: number;
  pid?: number;
  /** The data-plane workers (PORTICO_WORKERS); one entry, the engine itself, when it runs one. */
  workers?: EngineWorkerStatus[];
  /** PORTICO_REDIS_URL set: the connection to the state shared across instances; `warning` while it is down. */
  redis?: { state: 'up' | 'down'; failure: 'open' | 'closed'; server: string; downSince: string | null; warning: string | null };
}

/** One data-plane worker of the engine, as GET /status reports it. */
export interface EngineWorkerStatus {
  /** 1 … N, kept by a restarted worker. */
  id: number;
  appliedRevision: number;
  /** Client connections it holds open now. */
  connections: number;
  /** Times it ended and was restarted. */
  restarts: number;
  /** Requests it finished since the engine started. */
  requests: number;
  /** Its worker thread (null: the engine's main thread serves). */
  threadId: number | null;
  /** Why it does not serve the engine's revision, if it does not (restarting, a failed apply). */
  error: string | null;
}

/** GET /pools/:id/health: the live state of one pool's servers. */
export interface PoolHealth {
  poolId: string;
  name: string;
  servers: {
    address: string;
    status: 'healthy' | 'unhealthy' | 'failed' | 'down' | 'unknown';
    healthy: boolean;
    inFlight: number;
    requests: number;
    failures: number;
    fails: number;
    lastLatencyMs: number | null;
    lastCheck: { at: string; status: number | null; error: string | null; latencyMs: number | null } | null;
  }[];
}

/** How a call to the engine went: no engine listening, no answer in time, a broken connection, or an answer (any status). */
export type EngineOutcome =
  | { kind: 'down' }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'broken'; code: string }
  | { kind: 'answered'; res: Response };

export interface EngineCallInit {
  body?: unknown;
  /** Default 3000; 0 waits as long as the caller's signal allows (streams). */
  timeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** An event of the live statistics stream (certificates, automatic rollbacks): POST /events. */
export type ReportedEvent = Record<string, unknown> & { kind: string; message: string };

export interface EngineClient {
  call(method: string, pathname: string, init?: EngineCallInit): Promise<EngineOutcome>;
  status(): Promise<EngineStatus | null>;
  /** Asks the engine to apply now and answers with its status afterwards; null when it could not be asked. */
  reload(): Promise<EngineStatus | null>;
  /** The health of these pools (null for a pool the engine does not run); null when the engine could not be asked at all. */
  poolsHealth(poolIds: string[], timeoutMs?: number): Promise<Map<string, PoolHealth | null> | null>;
  /** Totals of [from, to) from the engine's one-second ring (the health gate's comparison). */
  statsSummary(from: number, to: number): Promise<WindowSummary | null>;
  /** Has the engine load the ACME challenge tokens just written, before the CA asks. */
  refreshChallenges(): Promise<boolean>;
  /** A notification for the stats stream; an engine that is down simply misses it. */
  reportEvent(event: ReportedEvent): Promise<boolean>;
}

/** The engine's info file (written by the engine at start): where its control API listens. */
export function engineInfoFile(dataDir: string): string {
  return path.join(dataDir, 'engine.json');
}

function controlEndpoint(dataDir: string): { base: string; token: string } | null {
  try {
    const info = JSON.parse(fs.readFileSync(engineInfoFile(dataDir), 'utf8')) as { ports: { control: number } };
    const token = readControlToken(dataDir);
    if (!token) return null;
    return { base: `http://127.0.0.1:${info.ports.control}`, token };
  } catch {
    return null;
  }
}

async function json<T>(outcome: EngineOutcome): Promise<T | null> {
  if (outcome.kind !== 'answered' || !outcome.res.ok) return null;
  return (await outcome.res.json().catch(() => null)) as T | null;
}

export function createEngineClient(dataDir: string): EngineClient {
  async function call(method: string, pathname: string, init: EngineCallInit = {}): Promise<EngineOutcome> {
    // Read per call: the engine rewrites its info file (a new port) when it restarts.
    const endpoint = controlEndpoint(dataDir);
    if (!endpoint) return { kind: 'down' };
    const timeoutMs = init.timeoutMs ?? 3000;
    const signals = [...(init.timeoutMs === 0 ? [] : [AbortSignal.timeout(timeoutMs)]), ...(init.signal ? [init.signal] : [])];
    try {
      const res = await fetch(`${endpoint.base}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${endpoint.token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
      });
      return { kind: 'answered', res };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { kind: 'timeout', timeoutMs };
      const code = ((error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code ?? (error as Error).name) || 'error';
      return code === 'ECONNREFUSED' ? { kind: 'down' } : { kind: 'broken', code };
    }
  }

  const status = () => call('GET', '/status').then((o) => json<EngineStatus>(o));

  return {
    call,
    status,
    async reload() {
      // The engine answers a reload with its whole status, per-object errors included.
      return call('POST', '/reload').then((o) => json<EngineStatus>(o));
    },
    async poolsHealth(poolIds, timeoutMs = 1500) {
      // One call for every running pool; a pool the engine does not run is null.
      const answer = await call('GET', '/pools/health', { timeoutMs }).then((o) => json<{ pools: PoolHealth[] }>(o));
      if (!answer) return null;
      const running = new Map(answer.pools.map((p) => [p.poolId, p]));
      return new Map(poolIds.map((id) => [id, running.get(id) ?? null]));
    },
    statsSummary: (from, to) => call('GET', `/stats/summary?from=${Math.floor(from)}&to=${Math.floor(to)}`).then((o) => json<WindowSummary>(o)),
    refreshChallenges: async () => (await call('POST', '/acme/challenges')).kind === 'answered',
    async reportEvent(event) {
      const outcome = await call('POST', '/events', { body: { ...event, message: event.message.slice(0, 2000) } });
      return outcome.kind === 'answered' && outcome.res.ok;
    },
  };
}
