// limit_req and limit_conn zones kept in Redis/Valkey, each wrapping the zone as this
// instance alone would keep it (memory, or the workers' shared memory): that local store
// answers while the server is unreachable and the engine fails open.
//
// Keys, per zone: <prefix>req:<zone>:<key signature>:<key> (a hash: excess, last) and
// <prefix>conn:<zone>:<key signature>:<key> (a hash: holder → count). The key signature
// makes a zone whose key definition changed start afresh, as it does on one instance.
// Every key has a TTL: a limit_req bucket lives 60 s after it drained (nginx's expire), a
// limit_conn key two leases after its last holder renewed it, so idle keys go by themselves.
import crypto from 'node:crypto';
import type { LimitZoneConfig } from '../../core/config/zones.ts';
import type { AcquireResult, ConnStore } from '../middlewares/conn-limit/store.ts';
import type { BucketLimit, BucketState } from '../middlewares/rate-limit/leaky-bucket.ts';
import type { RemoteRateBackend, RemoteRateStore, RemoteVerdict } from '../middlewares/rate-limit/remote-group.ts';
import type { LimiterStore, MaybePromise, ZoneStoreLifecycle } from '../middlewares/rate-limit/store.ts';
import type { RedisState } from './redis-state.ts';
import { LIMIT_CONN_ACQUIRE, LIMIT_REQ_GROUP } from './scripts.ts';

// nginx drops a bucket idle for 60 s once drained.
const IDLE_MS = 60_000;

function zoneNamespace(state: RedisState, kind: 'req' | 'conn', config: LimitZoneConfig): string {
  const signature = crypto.createHash('sha1').update(JSON.stringify(config.key.parts)).digest('hex').slice(0, 8);
  return `${state.prefix}${kind}:${config.name}:${signature}:`;
}

/** The group check every Redis-backed limit_req zone of one thread shares. */
export function redisRateBackend(state: RedisState): RemoteRateBackend {
  return {
    get available() {
      return state.available;
    },
    failClosed: state.failure === 'closed',
    async checkGroup(keys: readonly string[], limits: readonly BucketLimit[]): Promise<RemoteVerdict> {
      const args: number[] = [];
      for (const limit of limits) {
        const delay = limit.delayMilli === Infinity ? -1 : limit.delayMilli;
        // Long enough to drain the fullest bucket, then nginx's idle minute.
        const ttl = IDLE_MS + Math.ceil(((limit.burstMilli + 1000) * 1000) / Math.max(1, limit.rateMilli));
        args.push(limit.rateMilli, limit.burstMilli, delay, ttl);
      }
      const reply = (await state.client.evalScript(LIMIT_REQ_GROUP, keys, args)) as number[];
      return reply[0] === 0 ? { kind: 'reject', index: reply[1]! } : { kind: 'pass', delayMs: reply[1]!, index: reply[2]! };
    },
  };
}

export class RedisRateStore implements RemoteRateStore, LimiterStore<BucketState>, ZoneStoreLifecycle {
  readonly remote: RemoteRateBackend;
  readonly local: LimiterStore<BucketState> & ZoneStoreLifecycle;
  readonly #namespace: string;

  constructor(state: RedisState, backend: RemoteRateBackend, config: LimitZoneConfig, local: LimiterStore<BucketState> & ZoneStoreLifecycle) {
    this.remote = backend;
    this.local = local;
    this.#namespace = zoneNamespace(state, 'req', config);
  }

  /** A local store of fixed size (shared memory) is replaced when a reload resizes the zone. */
  get fixedEntries(): number | undefined {
    return this.local.fixedEntries;
  }

  remoteKey(key: string): string {
    return this.#namespace + key;
  }

  // The trace API and the fallback read this instance's view.
  get(key: string): MaybePromise<BucketState | undefined> {
    return this.local.get(key);
  }

  set(key: string, value: BucketState): MaybePromise<void> {
    return this.local.set(key, value);
  }

  close(): void {
    this.local.close?.();
  }
}

export class RedisConnStore implements ConnStore, ZoneStoreLifecycle {
  readonly #state: RedisState;
  readonly #local: ConnStore & ZoneStoreLifecycle;
  readonly #namespace: string;
  // Slots taken in the local store during an outage (fail-open): their release goes there.
  readonly #localHeld = new Map<string, number>();

  constructor(state: RedisState, config: LimitZoneConfig, local: ConnStore & ZoneStoreLifecycle) {
    this.#state = state;
    this.#local = local;
    this.#namespace = zoneNamespace(state, 'conn', config);
  }

  get fixedEntries(): number | undefined {
    return this.#local.fixedEntries;
  }

  acquire(key: string, max: number): MaybePromise<AcquireResult> {
    const state = this.#state;
    if (!state.available) return this.#unreachable(key, max);
    const remoteKey = this.#namespace + key;
    return state.client.evalScript(LIMIT_CONN_ACQUIRE, [remoteKey], [max, state.holder, state.leasePrefix, state.leaseMs]).then(
      (taken): AcquireResult => {
        if (taken !== 1) return 'over';
        state.heldSlot(remoteKey);
        return 'ok';
      },
      // Whether the script ran is unknown: counted nowhere is the safe side (the lease
      // expiry gives back a slot it might have taken).
      () => this.#unreachable(key, max),
    );
  }

  release(key: string): void {
    const local = this.#localHeld.get(key);
    if (local !== undefined) {
      if (local <= 1) this.#localHeld.delete(key);
      else this.#localHeld.set(key, local - 1);
      void this.#local.release(key);
      return;
    }
    this.#state.releaseSlot(this.#namespace + key);
  }

  close(): void {
    this.#local.close?.();
  }

  #unreachable(key: string, max: number): MaybePromise<AcquireResult> {
    if (this.#state.failure === 'closed') return 'unavailable';
    const result = this.#local.acquire(key, max);
    const note = (value: AcquireResult): AcquireResult => {
      if (value === 'ok') this.#localHeld.set(key, (this.#localHeld.get(key) ?? 0) + 1);
      return value;
    };
    return result instanceof Promise ? result.then(note) : note(result);
  }
}
