// CONNECTION zones live outside the compiled runtime: a reload must not forget the
// requests in progress, and a request started under the old runtime releases into the
// same counts.
import type { LimitZoneConfig } from '../../../core/config/zones.ts';
import { compileKey, type KeyFunction } from '../rate-limit/key.ts';
import { MemoryConnStore, type ConnStore } from './store.ts';

export interface ConnZone {
  readonly name: string;
  readonly key: KeyFunction;
  readonly store: ConnStore;
}

export interface ConnZonesOptions {
  /** A shared store instead of the in-memory one (one store per zone). */
  createStore?: (zone: LimitZoneConfig) => ConnStore;
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
   * Apply the CONNECTION zones of a new snapshot, before compiling locations. A zone
   * whose key changed starts afresh (nginx refuses such a reload); requests still
   * holding the old zone release into it and it is then forgotten.
   */
  apply(configs: readonly LimitZoneConfig[]): void {
    const seen = new Set<string>();
    for (const config of configs) {
      if (config.kind !== 'CONNECTION') continue;
      seen.add(config.name);
      const keySignature = JSON.stringify(config.key.parts);
      const held = this.#zones.get(config.name);
      if (held && held.keySignature === keySignature) {
        if (held.zone.store instanceof MemoryConnStore) held.zone.store.resize(config.maxEntries);
        continue;
      }
      const store = this.#createStore?.(config) ?? new MemoryConnStore({ maxEntries: config.maxEntries });
      this.#zones.set(config.name, { zone: { name: config.name, key: compileKey(config.key, { maxBytes: MAX_KEY_BYTES }), store }, keySignature });
    }
    for (const name of [...this.#zones.keys()]) if (!seen.has(name)) this.#zones.delete(name);
  }

  get(name: string): ConnZone | undefined {
    return this.#zones.get(name)?.zone;
  }
}
