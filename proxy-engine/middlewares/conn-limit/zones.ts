// CONNECTION zones live outside the compiled runtime: a reload must not forget the
// requests in progress, and a request started under the old runtime releases into the
// same counts.
import type { LimitZoneConfig } from '../../../core/config/zones.ts';
import { compileKey, type KeyFunction } from '../rate-limit/key.ts';
import { MemoryConnStore, type ConnStore } from './store.ts';
import { ZoneStoreLedger, type ZonePlan } from '../rate-limit/zone-plan.ts';
import type { ZoneStoreLifecycle } from '../rate-limit/store.ts';

export interface ConnZone {
  readonly name: string;
  readonly key: KeyFunction;
  readonly store: ConnStore & ZoneStoreLifecycle;
}

export interface ConnZonesOptions {
  /** A shared store instead of the in-memory one (one store per zone); may throw (no room). */
  createStore?: (zone: LimitZoneConfig) => ConnStore & ZoneStoreLifecycle;
}

// nginx refuses keys over 255 bytes for limit_conn and lets the request through.
const MAX_KEY_BYTES = 255;

interface Held {
  zone: ConnZone;
  keySignature: string;
}

export class ConnZones {
  #zones = new Map<string, Held>();
  #createStore: ConnZonesOptions['createStore'];

  constructor(options: ConnZonesOptions = {}) {
    this.#createStore = options.createStore;
  }

  /**
   * Plans the CONNECTION zones of a new snapshot; nothing changes until `commit`. A zone
   * whose key changed starts afresh (nginx refuses such a reload); requests still
   * holding the old zone release into it and it is then forgotten.
   */
  plan(configs: readonly LimitZoneConfig[]): ZonePlan<ConnZone> {
    const next = new Map<string, Held>();
    const changes: (() => void)[] = [];
    const ledger = new ZoneStoreLedger();
    for (const config of configs) {
      if (config.kind !== 'CONNECTION') continue;
      const keySignature = JSON.stringify(config.key.parts);
      const held = this.#zones.get(config.name);
      const fixed = held?.zone.store.fixedEntries;
      if (held && held.keySignature === keySignature && (fixed === undefined || fixed === config.maxEntries)) {
        next.set(config.name, held);
        changes.push(() => {
          if (held.zone.store instanceof MemoryConnStore) held.zone.store.resize(config.maxEntries);
        });
        continue;
      }
      const store = ledger.tryCreate(config.name, () => this.#createStore?.(config) ?? new MemoryConnStore({ maxEntries: config.maxEntries }));
      if (!store) continue;
      ledger.created.push(store);
      next.set(config.name, { zone: { name: config.name, key: compileKey(config.key, { maxBytes: MAX_KEY_BYTES }), store }, keySignature });
    }
    return {
      get: (name) => next.get(name)?.zone,
      failure: (name) => ledger.failures.get(name),
      commit: () => {
        for (const change of changes) change();
        const before = [...this.#zones.values()].map((held) => held.zone.store);
        this.#zones = next;
        // A dropped zone's store closes once the requests still holding it are done.
        ZoneStoreLedger.closeDropped(before, new Set([...next.values()].map((held) => held.zone.store)));
      },
      discard: () => ledger.closeCreated(),
    };
  }

  /** Plan and commit at once (outside a reload: tests, tools). */
  apply(configs: readonly LimitZoneConfig[]): void {
    this.plan(configs).commit();
  }

  get(name: string): ConnZone | undefined {
    return this.#zones.get(name)?.zone;
  }
}
