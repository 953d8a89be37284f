// One thread's link to the instances' shared state in Redis/Valkey (PORTICO_REDIS_URL):
// its connection, its identity as a limit_conn holder (a lease key refreshed while the
// thread lives), and the outage bookkeeping the stores and /status read.
//
// Each thread that serves requests (the engine's main thread with one worker, every worker
// thread with several) opens its own connection: a limit check is then one round trip
// from the thread that needs it, never a hop through another thread, and a worker that
// dies takes its lease with it (its limit_conn slots come back within one lease).
import crypto from 'node:crypto';
import os from 'node:os';
import type { RedisAddress } from '../../core/redis/url.ts';
import { RedisClient } from '../../core/redis/client.ts';
import { DEFAULT_KEY_PREFIX } from '../../core/redis/key-prefix.ts';
import { LIMIT_CONN_RELEASE } from './scripts.ts';

export type RedisFailureMode = 'open' | 'closed';

export interface RedisStateOptions {
  address: RedisAddress;
  /** What the limits do while Redis cannot be reached (PORTICO_REDIS_FAILURE). */
  failure: RedisFailureMode;
  /** Key prefix of this installation (several installations may share one server). */
  prefix?: string;
  /** How long a dead thread's limit_conn slots stay counted (default 15 s). */
  leaseMs?: number;
  timeoutMs?: number;
  /** Told once when an outage starts and once when it ends. */
  onOutage?: (message: string) => void;
  onRecovered?: (message: string) => void;
}

export interface RedisStatus {
  state: 'up' | 'down';
  failure: RedisFailureMode;
  server: string;
  /** Since when Redis is unreachable (ISO), and why: null while up. */
  downSince: string | null;
  warning: string | null;
}

export class RedisState {
  readonly client: RedisClient;
  readonly failure: RedisFailureMode;
  readonly prefix: string;
  readonly leaseMs: number;
  /** This thread as a limit_conn holder: host, process, thread, a random part. */
  readonly holder: string;
  readonly #server: string;
  #downSince: number | null = Date.now();
  #reason = 'connecting';
  // An outage was reported (onOutage): its end is reported too.
  #reported = false;
  readonly #heartbeat: NodeJS.Timeout;
  // Remote limit_conn slots this thread holds, by Redis key: their TTL is refreshed with
  // the lease, so a key outlives any request that holds it.
  readonly #held = new Map<string, number>();
  // Releases that failed (Redis down): sent when it is back, so no slot stays taken.
  readonly #owed = new Map<string, number>();
  readonly #options: RedisStateOptions;

  constructor(options: RedisStateOptions) {
    this.#options = options;
    this.failure = options.failure;
    this.prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
    this.leaseMs = options.leaseMs ?? 15_000;
    this.holder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
    this.#server = `${options.address.host}:${options.address.port}/${options.address.db}`;
    this.client = new RedisClient(options.address, {
      timeoutMs: options.timeoutMs ?? 1000,
      onUp: () => this.#up(),
      onDown: (reason) => this.#down(reason),
    });
    this.#heartbeat = setInterval(() => void this.#renew(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.#heartbeat.unref();
  }

  get available(): boolean {
    return this.client.ready;
  }

  get leasePrefix(): string {
    return `${this.prefix}lease:`;
  }

  status(): RedisStatus {
    const down = this.#downSince !== null;
    const consequence = this.failure === 'open' ? 'limits are counted by each instance alone (fail-open)' : 'limited locations answer 503 (fail-closed)';
    return {
      state: down ? 'down' : 'up',
      failure: this.failure,
      server: this.#server,
      downSince: down ? new Date(this.#downSince!).toISOString() : null,
      warning: down ? `Redis ${this.#server} unreachable (${this.#reason}): ${consequence}` : null,
    };
  }

  heldSlot(key: string): void {
    this.#held.set(key, (this.#held.get(key) ?? 0) + 1);
  }

  /** Gives one remote slot back; kept owed if Redis cannot be told now. */
  releaseSlot(key: string): void {
    const count = this.#held.get(key) ?? 0;
    if (count <= 1) this.#held.delete(key);
    else this.#held.set(key, count - 1);
    this.client.evalScript(LIMIT_CONN_RELEASE, [key], [this.holder]).catch(() => this.#owed.set(key, (this.#owed.get(key) ?? 0) + 1));
  }

  close(): void {
    clearInterval(this.#heartbeat);
    this.client.close();
  }

  #up(): void {
    const wasReported = this.#reported;
    this.#reported = false;
    this.#downSince = null;
    void this.#renew();
    this.#payOwed();
    if (wasReported) this.#options.onRecovered?.(`Redis ${this.#server} reachable again: limits are shared across instances again`);
  }

  // The client calls this once per outage (also when the first connection fails).
  #down(reason: string): void {
    this.#reason = reason;
    this.#downSince ??= Date.now();
    this.#reported = true;
    this.#options.onOutage?.(this.status().warning!);
  }

  async #renew(): Promise<void> {
    if (!this.client.ready) return;
    const leaseKey = this.leasePrefix + this.holder;
    const steps: Promise<unknown>[] = [this.client.command(['SET', leaseKey, '1', 'PX', this.leaseMs])];
    for (const key of this.#held.keys()) steps.push(this.client.command(['PEXPIRE', key, this.leaseMs * 2]));
    await Promise.allSettled(steps);
  }

  #payOwed(): void {
    for (const [key, count] of this.#owed) {
      this.#owed.delete(key);
      for (let i = 0; i < count; i++) this.client.evalScript(LIMIT_CONN_RELEASE, [key], [this.holder]).catch(() => this.#owed.set(key, (this.#owed.get(key) ?? 0) + 1));
    }
  }
}
