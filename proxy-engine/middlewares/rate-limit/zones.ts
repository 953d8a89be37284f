// REQUEST zones live outside the compiled runtime so that a reload keeps every
// client's bucket (nginx keeps a zone's shared memory across reloads the same way).
import type { LimitZoneConfig } from '../../../core/config/zones.ts';
import { compileKey, type KeyFunction } from './key.ts';
import { isDrained, rateMilli, type BucketState } from './leaky-bucket.ts';
import { MemoryLimiterStore, type LimiterStore } from './store.ts';
import type { ZonePlan } from './zone-plan.ts';

export interface RateZone {
  readonly name: string;
  /** Requests per second × 1000; a reload may change it in place. */
  rateMilli: number;
  readonly key: KeyFunction;
  readonly store: LimiterStore<BucketState>;
}

export type Clock = () => number;

/** The zones a compile's locations use: found by name, counted by the zones' clock. */
export interface RateZonePlan extends ZonePlan<RateZone> {
  readonly clock: Clock;
}

export interface RateZonesOptions {
  /** Milliseconds; monotonic within the process. Tests inject a fake. */
  clock?: Clock;
  /** A shared store instead of the in-memory one (one store per zone). */
  createStore?: (zone: LimitZoneConfig, isExpired: (state: BucketState) => boolean) => LimiterStore<BucketState>;
}

/**
 * Wall-clock aligned but monotonic milliseconds: timestamps stay comparable between
 * engines sharing a store, and a wall-clock step never refills or drains a bucket.
 */
export const monotonicClock: Clock = () => Math.floor(performance.timeOrigin + performance.now());

// nginx refuses keys over 64 KiB for limit_req and lets the request through.
const MAX_KEY_BYTES = 65535;

interface Held {
  zone: RateZone;
  keySignature: string;
}

export class RateZones {
  readonly clock: Clock;
  #zones = new Map<string, Held>();
  #createStore: RateZonesOptions['createStore'];

  constructor(options: RateZonesOptions = {}) {
    this.clock = options.clock ?? monotonicClock;
    this.#createStore = options.createStore;
  }

  /**
   * Plans the REQUEST zones of a new snapshot: locations compile against the plan, and
   * nothing changes until `commit` (a compile that fails leaves every bucket as it was).
   * A zone keeps its state when its key is unchanged; a new rate or size applies at
   * commit. nginx refuses a reload that changes a zone's key; Portico starts that zone
   * afresh instead. Zones no longer configured are dropped (requests holding one finish
   * with it).
   */
  plan(configs: readonly LimitZoneConfig[]): RateZonePlan {
    const next = new Map<string, Held>();
    const changes: (() => void)[] = [];
    for (const config of configs) {
      if (config.kind !== 'REQUEST' || config.rate === undefined) continue;
      const keySignature = JSON.stringify(config.key.parts);
      const held = this.#zones.get(config.name);
      if (held && held.keySignature === keySignature) {
        next.set(config.name, held);
        changes.push(() => {
          held.zone.rateMilli = rateMilli(config.rate!);
          if (held.zone.store instanceof MemoryLimiterStore) held.zone.store.resize(config.maxEntries);
        });
        continue;
      }
      next.set(config.name, { zone: this.#create(config), keySignature });
    }
    return {
      clock: this.clock,
      get: (name) => next.get(name)?.zone,
      commit: () => {
        for (const change of changes) change();
        this.#zones = next;
      },
    };
  }

  /** Plan and commit at once (outside a reload: tests, tools). */
  apply(configs: readonly LimitZoneConfig[]): void {
    this.plan(configs).commit();
  }

  get(name: string): RateZone | undefined {
    return this.#zones.get(name)?.zone;
  }

  #create(config: LimitZoneConfig): RateZone {
    const clock = this.clock;
    // The expiry check reads the zone's current rate, which a reload may change.
    const current = { rateMilli: rateMilli(config.rate!) };
    const isExpired = (state: BucketState): boolean => isDrained(state, current.rateMilli, clock());
    const store = this.#createStore?.(config, isExpired) ?? new MemoryLimiterStore<BucketState>({ maxEntries: config.maxEntries, isExpired });
    return Object.assign(current, { name: config.name, key: compileKey(config.key, { maxBytes: MAX_KEY_BYTES }), store });
  }
}
