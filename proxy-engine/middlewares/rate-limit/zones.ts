// REQUEST zones live outside the compiled runtime so that a reload keeps every
// client's bucket (nginx keeps a zone's shared memory across reloads the same way).
import type { LimitZoneConfig } from '../../../core/config/zones.ts';
import { compileKey, type KeyFunction } from './key.ts';
import { isDrained, rateMilli, type BucketState } from './leaky-bucket.ts';
import { MemoryLimiterStore, type LimiterStore, type ZoneStoreLifecycle } from './store.ts';
import { ZoneStoreLedger, type ZonePlan } from './zone-plan.ts';

export interface RateZone {
  readonly name: string;
  /** Requests per second × 1000; a reload may change it in place. */
  rateMilli: number;
  readonly key: KeyFunction;
  readonly store: LimiterStore<BucketState> & ZoneStoreLifecycle;
}

export type Clock = () => number;

/** The zones a compile's locations use: found by name, counted by the zones' clock. */
export interface RateZonePlan extends ZonePlan<RateZone> {
  readonly clock: Clock;
}

export interface RateZonesOptions {
  /** Milliseconds; monotonic within the process. Tests inject a fake. */
  clock?: Clock;
  /**
   * A shared store instead of the in-memory one (one store per zone). It may throw (no
   * room in shared memory): the zone is then missing and its locations say why.
   */
  createStore?: (zone: LimitZoneConfig, isExpired: (state: BucketState) => boolean, clock: Clock) => LimiterStore<BucketState> & ZoneStoreLifecycle;
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
    const ledger = new ZoneStoreLedger();
    for (const config of configs) {
      if (config.kind !== 'REQUEST' || config.rate === undefined) continue;
      const keySignature = JSON.stringify(config.key.parts);
      const held = this.#zones.get(config.name);
      // A store of fixed size (shared memory) is replaced by one of the new size, as
      // nginx starts a zone afresh when a reload changes its size.
      const fixed = held?.zone.store.fixedEntries;
      if (held && held.keySignature === keySignature && (fixed === undefined || fixed === config.maxEntries)) {
        next.set(config.name, held);
        changes.push(() => {
          held.zone.rateMilli = rateMilli(config.rate!);
          if (held.zone.store instanceof MemoryLimiterStore) held.zone.store.resize(config.maxEntries);
        });
        continue;
      }
      const zone = ledger.tryCreate(config.name, () => this.#create(config));
      if (zone) {
        ledger.created.push(zone.store);
        next.set(config.name, { zone, keySignature });
      }
    }
    return {
      clock: this.clock,
      get: (name) => next.get(name)?.zone,
      failure: (name) => ledger.failures.get(name),
      commit: () => {
        for (const change of changes) change();
        const before = [...this.#zones.values()].map((held) => held.zone.store);
        this.#zones = next;
        ZoneStoreLedger.closeDropped(before, new Set([...next.values()].map((held) => held.zone.store)));
      },
      discard: () => ledger.closeCreated(),
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
    const store = this.#createStore?.(config, isExpired, clock) ?? new MemoryLimiterStore<BucketState>({ maxEntries: config.maxEntries, isExpired });
    return Object.assign(current, { name: config.name, key: compileKey(config.key, { maxBytes: MAX_KEY_BYTES }), store });
  }
}
