// The main thread's side of the data-plane workers: starts N worker threads, hands each
// revision to all of them (one at a time; an apply is done when every worker has
// answered), restarts a worker that dies with the revision in service while the others
// keep serving, and merges what they report (statistics, log lines) into the engine's.
//
// Threads, not processes: a worker that throws or is terminated ends alone and is
// restarted here, but a fatal native crash (a segfault, an abort in native code) ends the
// whole engine process; the supervisor (scripts/start.ts) then restarts the engine.
import { releaseSharedThread, type SharedStateHandles } from '../shared/shared-state.ts';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import type { ObjectError } from '../../core/contract/status.ts';
import type { Logger } from '../../core/log/logger.ts';
import { TICKET_ROTATION_MS } from '../tls/ticket-keys.ts';
import type { ChallengeToken } from '../tls/acme-challenges.ts';
import type { StatsMerger } from './stats-transfer.ts';
import type { RedisSettings } from '../redis/settings.ts';
import type { FromWorker, HealthVerdict, ToWorker, WorkerCall, WorkerData, WorkerStatus } from './messages.ts';
import { WORKER_YOUNG_GENERATION_MB } from '../../core/engine-node-flags.ts';
import { ensurePortsFree } from '../../core/net/exclusive-port-check.ts';

/** How long a worker may take to answer an apply before it is reported as lagging. */
const APPLY_TIMEOUT_MS = 10_000;
/** How long a status or cache call waits for a worker. */
const CALL_TIMEOUT_MS = 2_000;
/** A worker that keeps dying is restarted ever more slowly, up to this. */
const MAX_RESTART_DELAY_MS = 5_000;

export interface WorkerPoolOptions {
  count: number;
  dataDir: string;
  host: string;
  ports: { http: number; https: number };
  publicHttpsPort: number | null;
  stats: boolean;
  accessLogStdout: boolean;
  merger: StatsMerger;
  log: Logger;
  /** Handed to every worker as is (WorkerData.sharedState): the shared memory zones' handles. */
  sharedState?: unknown;
  /** PORTICO_REDIS_URL: each worker connects for the limit zones shared across instances. */
  redis?: RedisSettings | null;
  /** Log lines of a worker, each kind joined by "\n" ('' = none). */
  onLogs(access: string, error: string): void;
  /** A token a worker does not know (the main thread looks it up in the database). */
  challenge(token: string): Promise<ChallengeToken | null>;
  /** What a (re)started worker must know at once. */
  verdicts(): HealthVerdict[];
  challenges(): ChallengeToken[];
  /** A worker died and is being restarted (error log, events). */
  onRestart?(id: number, reason: string): void;
}

export interface WorkerPool {
  /** Starts every worker with the revision last handed to apply (else `config`); resolves with the ports they listen on. */
  start(config: LoadedConfig): Promise<{ http: number; https: number }>;
  /** Every worker applies `config`; resolves once each has answered (or ended). */
  apply(config: LoadedConfig): Promise<void>;
  broadcast(message: ToWorker): void;
  status(): Promise<WorkerStatus[]>;
  /** The same call to every serving worker: their answers (a worker that fails or is slow is left out). */
  callAll(call: WorkerCall): Promise<unknown[]>;
  /** Workers that do not serve the engine's revision, as status errors. */
  errors(): ObjectError[];
  /** Ends one worker as a crash would (it is restarted): operators and tests. */
  terminate(id: number): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

interface Slot {
  id: number;
  worker: Worker | null;
  ready: boolean;
  restarts: number;
  appliedRevision: number;
  error: string | null;
  connections: number;
  /** Resolvers of applies sent and not yet answered, in order. */
  acks: (() => void)[];
  calls: Map<number, { resolve(value: unknown): void; reject(error: Error): void }>;
  /** Resolves when the worker listens, rejects when it ends first. */
  listening: { resolve(ports: { http: number; https: number }): void; reject(error: Error): void } | null;
  lastExitAt: number;
  restartDelayMs: number;
}

const WORKER_ENTRY = new URL('./worker-main.ts', import.meta.url);

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const slots: Slot[] = Array.from({ length: options.count }, (_, i) => ({
    id: i + 1,
    worker: null,
    ready: false,
    restarts: 0,
    appliedRevision: -1,
    error: null,
    connections: 0,
    acks: [],
    calls: new Map(),
    listening: null,
    lastExitAt: 0,
    restartDelayMs: 100,
  }));
  let latest: LoadedConfig | null = null;
  let ports = { ...options.ports };
  let stopping = false;
  let nextCallId = 1;
  let ticketKey = randomBytes(48);
  const rotation = setInterval(() => {
    ticketKey = randomBytes(48);
    broadcast({ type: 'ticketKey', key: new Uint8Array(ticketKey) });
  }, TICKET_ROTATION_MS);
  rotation.unref();

  function broadcast(message: ToWorker): void {
    for (const slot of slots) slot.worker?.postMessage(message);
  }

  function spawn(slot: Slot): Promise<{ http: number; https: number }> {
    const data: WorkerData = {
      id: slot.id,
      dataDir: options.dataDir,
      workerDir: path.join(options.dataDir, 'workers', String(slot.id)),
      host: options.host,
      ports,
      publicHttpsPort: options.publicHttpsPort,
      stats: options.stats,
      accessLogStdout: options.accessLogStdout,
      config: latest!,
      ticketKey: new Uint8Array(ticketKey),
      verdicts: options.verdicts(),
      challenges: options.challenges(),
      sharedState: options.sharedState ?? null,
      redis: options.redis ?? null,
    };
    // The young generation sized as the engine's main thread (core/engine-node-flags.ts).
    const worker = new Worker(WORKER_ENTRY, { workerData: data, name: `portico-worker-${slot.id}`, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    slot.worker = worker;
    slot.ready = false;
    slot.appliedRevision = latest!.revision;
    slot.error = null;
    const listening = new Promise<{ http: number; https: number }>((resolve, reject) => (slot.listening = { resolve, reject }));
    listening.catch(() => undefined);
    worker.on('message', (message: FromWorker) => onMessage(slot, worker, message));
    worker.on('error', (error) => options.log.error({ worker: slot.id, err: error }, `worker ${slot.id} failed: ${error.message}`));
    // A thread that ended inside a zone's lock must not wedge the others: its locks are freed.
    const threadId = worker.threadId;
    worker.on('exit', (code) => {
      if (options.sharedState) releaseSharedThread(options.sharedState as SharedStateHandles, threadId);
      onExit(slot, worker, code);
    });
    return listening;
  }

  function onMessage(slot: Slot, worker: Worker, message: FromWorker): void {
    switch (message.type) {
      case 'listening':
        slot.ready = true;
        slot.restartDelayMs = 100;
        slot.listening?.resolve(message.ports);
        slot.listening = null;
        return;
      case 'applied':
        slot.appliedRevision = message.revision;
        slot.error = message.error;
        if (message.error) options.log.error({ worker: slot.id }, message.error);
        slot.acks.shift()?.();
        return;
      case 'stats':
        options.merger.merge(slot.id, message.report);
        slot.connections = message.report.connections;
        return;
      case 'logs':
        options.onLogs(message.access, message.error);
        return;
      case 'call':
        void options
          .challenge(message.call.token)
          .catch(() => null)
          .then((value) => worker.postMessage({ type: 'reply', id: message.id, value } satisfies ToWorker));
        return;
      case 'reply': {
        const call = slot.calls.get(message.id);
        slot.calls.delete(message.id);
        if (message.error !== undefined) call?.reject(Object.assign(new Error(message.error), { status: 400 }));
        else call?.resolve(message.value);
        return;
      }
    }
  }

  function onExit(slot: Slot, worker: Worker, code: number): void {
    if (slot.worker !== worker) return;
    slot.worker = null;
    slot.ready = false;
    slot.connections = 0;
    options.merger.forget(slot.id);
    for (const ack of slot.acks.splice(0)) ack();
    for (const call of slot.calls.values()) call.reject(new Error(`worker ${slot.id} ended`));
    slot.calls.clear();
    if (slot.listening) {
      slot.listening.reject(new Error(`worker ${slot.id} ended (exit code ${code}) before it listened`));
      slot.listening = null;
      // A worker that never listened at the start fails the start (as a port in use does).
      if (latest === null || !ports.http) return;
    }
    if (stopping) return;
    // Quick deaths in a row back off, so a worker that cannot start does not spin.
    const now = Date.now();
    slot.restartDelayMs = now - slot.lastExitAt < 10_000 ? Math.min(slot.restartDelayMs * 2, MAX_RESTART_DELAY_MS) : 100;
    slot.lastExitAt = now;
    slot.restarts++;
    const reason = `worker ${slot.id} ended (exit code ${code}); restarting it with revision ${latest?.revision} (restart ${slot.restarts})`;
    options.log.warn({ worker: slot.id, restarts: slot.restarts }, reason);
    options.onRestart?.(slot.id, reason);
    setTimeout(() => {
      if (!stopping && slot.worker === null) spawn(slot).catch(() => undefined);
    }, slot.restartDelayMs).unref();
  }

  function call(slot: Slot, request: WorkerCall): Promise<unknown> {
    const worker = slot.worker;
    if (!worker || !slot.ready) return Promise.reject(new Error(`worker ${slot.id} is not serving`));
    const id = nextCallId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        slot.calls.delete(id);
        reject(new Error(`worker ${slot.id} did not answer in time`));
      }, CALL_TIMEOUT_MS);
      timer.unref();
      slot.calls.set(id, {
        resolve: (value) => (clearTimeout(timer), resolve(value)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      worker.postMessage({ type: 'call', id, call: request } satisfies ToWorker);
    });
  }

  return {
    async start(config) {
      latest ??= config;
      // Only at the start: a worker restarted later rejoins ports its siblings still hold.
      await ensurePortsFree([
        { variable: 'PORTICO_HTTP_PORT', host: options.host, port: ports.http },
        { variable: 'PORTICO_HTTPS_PORT', host: options.host, port: ports.https },
      ]);
      // The first worker binds the ports (maybe ephemeral ones); the others bind the same.
      ports = await spawn(slots[0]!);
      await Promise.all(slots.slice(1).map((slot) => spawn(slot)));
      return ports;
    },
    async apply(config) {
      latest = config;
      const answered = slots
        .filter((slot) => slot.worker)
        .map(
          (slot) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                slot.error = `worker ${slot.id} did not apply revision ${config.revision} within ${APPLY_TIMEOUT_MS / 1000} s`;
                resolve();
              }, APPLY_TIMEOUT_MS);
              timer.unref();
              slot.acks.push(() => (clearTimeout(timer), resolve()));
              slot.worker!.postMessage({ type: 'apply', config } satisfies ToWorker);
            }),
        );
      await Promise.all(answered);
    },
    broadcast,
    async status() {
      return Promise.all(
        slots.map(async (slot) => {
          const live = (await call(slot, { method: 'status' }).catch(() => null)) as { connections: number } | null;
          return {
            id: slot.id,
            appliedRevision: slot.appliedRevision,
            connections: live?.connections ?? slot.connections,
            restarts: slot.restarts,
            requests: options.merger.requests(slot.id),
            threadId: slot.worker?.threadId ?? null,
            error: slot.worker ? slot.error : `worker ${slot.id} is restarting`,
          };
        }),
      );
    },
    async callAll(request) {
      const answers = await Promise.allSettled(slots.map((slot) => call(slot, request)));
      const refused = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected' && (a.reason as { status?: number }).status !== undefined);
      if (refused) throw refused.reason;
      return answers.filter((a) => a.status === 'fulfilled').map((a) => (a as PromiseFulfilledResult<unknown>).value);
    },
    errors() {
      return slots
        .filter((slot) => slot.error !== null && slot.worker !== null)
        .map((slot) => ({ objectType: 'snapshot' as const, objectId: `worker-${slot.id}`, name: `worker ${slot.id}`, path: '', message: `${slot.error}; it serves revision ${slot.appliedRevision}` }));
    },
    async terminate(id) {
      const worker = slots.find((s) => s.id === id)?.worker;
      if (!worker) throw new Error(`no running worker ${id}`);
      await worker.terminate();
    },
    async stop(graceMs = 5000) {
      stopping = true;
      clearInterval(rotation);
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          if (!worker) return;
          const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
          worker.postMessage({ type: 'stop', graceMs } satisfies ToWorker);
          const timer = setTimeout(() => void worker.terminate(), graceMs + 2000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
