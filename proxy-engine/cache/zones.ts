// The engine's cache zones by name, outside any compiled runtime (like upstream state):
// a reload that keeps a zone keeps its entries, and changed limits apply in place. Also
// what the control API offers: per-zone summaries and purge by URL or URL prefix.
// A compile plans its zones (nothing changes, nothing touches the disk); the commit after
// the swap makes them the live ones; a zone the new runtime dropped is closed once no
// runtime generation that used it is held by a request.
import { PurgeRequest } from '../../core/contract/cache.ts';
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import type { ZonePlan } from '../middlewares/rate-limit/zone-plan.ts';
import type { RuntimeGeneration } from '../runtime/generation.ts';
import type { CacheIndexes } from '../shared/cache-indexes.ts';
import { SharedCacheZone } from './shared-zone.ts';
import { CacheZone, type CacheZoneApi, type ZoneSummary } from './zone.ts';

export interface CacheZonePlan extends ZonePlan<CacheZoneApi> {
  /** The runtime of this plan is live under `generation`. */
  commit(generation?: RuntimeGeneration): void;
  /** The runtime was not used: shared memory reserved for new zones goes back. */
  discard(): void;
}


/** Entries remember the URL as scheme://host/target with the host's port dropped (ctx.host). */
export function normalizePurgeUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return url;
  const host = m[2]!.toLowerCase().replace(/:\d+$/, '');
  return `${m[1]!.toLowerCase()}://${host}${m[3] || '/'}`;
}

export class CacheZones {
  readonly #dataDir: string;
  readonly #shared: CacheIndexes | null;
  /** The live zones (what the control API lists and purges). */
  #zones = new Map<string, CacheZoneApi>();
  /** Every open zone, live or still used by an older runtime, and the generations using it. */
  readonly #open = new Map<string, { zone: CacheZoneApi; users: Set<RuntimeGeneration> }>();

  /**
   * `shared`: the engine's shared memory (several workers): each zone's index is one for
   * every thread (shared-zone.ts). Without it, indexes are this thread's (one worker).
   */
  constructor(dataDir: string, shared: CacheIndexes | null = null) {
    this.#dataDir = dataDir;
    this.#shared = shared;
  }

  /** True when the zones' indexes are shared by every thread of the engine. */
  get shared(): boolean {
    return this.#shared !== null;
  }

  #create(config: CacheZoneConfig): CacheZoneApi {
    const shared = this.#shared;
    return shared ? new SharedCacheZone(config, this.#dataDir, (c) => shared.attach(c)) : new CacheZone(config, this.#dataDir);
  }

  /**
   * Plans the configured zones. A zone no longer configured leaves memory but keeps its
   * files (nginx keeps a removed proxy_cache_path's files too); configured again, it is
   * indexed from disk.
   */
  plan(configs: readonly CacheZoneConfig[]): CacheZonePlan {
    const next = new Map<string, CacheZoneApi>();
    const failures = new Map<string, string>();
    const reserved: SharedCacheZone[] = [];
    for (const config of configs) {
      // A zone an older runtime still uses is the same zone (one index per directory).
      const zone = this.#open.get(config.name)?.zone ?? this.#create(config);
      // A new shared zone takes its index now: one that does not fit is refused, with why.
      if (zone instanceof SharedCacheZone && !this.#open.has(config.name)) {
        const failure = zone.reserve();
        if (failure) {
          failures.set(config.name, failure);
          continue;
        }
        reserved.push(zone);
      }
      next.set(config.name, zone);
    }
    return {
      get: (name) => next.get(name),
      failure: (name) => failures.get(name),
      discard: () => {
        for (const zone of reserved) zone.unreserve();
      },
      commit: (generation) => {
        for (const config of configs) {
          const zone = next.get(config.name);
          if (!zone) continue;
          let open = this.#open.get(config.name);
          if (!open) {
            open = { zone: zone.open(), users: new Set() };
            this.#open.set(config.name, open);
          } else zone.configure(config);
          if (generation) open.users.add(generation);
        }
        this.#zones = next;
        if (!generation) this.#closeUnused();
      },
    };
  }

  /** Plan and commit at once (outside a reload: tests, tools): zones not configured close now. */
  apply(configs: readonly CacheZoneConfig[]): void {
    this.plan(configs).commit();
  }

  /** A generation no request holds any more: zones only it used are closed. */
  release(generation: RuntimeGeneration): void {
    for (const open of this.#open.values()) open.users.delete(generation);
    this.#closeUnused();
  }

  #closeUnused(): void {
    for (const [name, open] of this.#open) {
      if (open.users.size > 0 || this.#zones.get(name) === open.zone) continue;
      this.#open.delete(name);
      void open.zone.close();
    }
  }

  get(name: string): CacheZoneApi | undefined {
    return this.#zones.get(name);
  }

  /** Resolves when every zone's index has been rebuilt from disk. */
  async ready(): Promise<void> {
    await Promise.all([...this.#zones.values()].map((z) => z.ready()));
  }

  summary(): ZoneSummary[] {
    return [...this.#zones.values()].map((z) => z.summary());
  }

  /**
   * Removes entries by exact URL or URL prefix. `body` is the control API's JSON; errors
   * carry the status the control API answers with (400 invalid, 404 unknown zone).
   */
  async purge(body: unknown): Promise<{ removed: number }> {
    const parsed = PurgeRequest.safeParse(body);
    if (!parsed.success) throw Object.assign(new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')), { status: 400 });
    const request = parsed.data;
    if (request.zone !== undefined && !this.#zones.has(request.zone)) throw Object.assign(new Error(`no cache zone "${request.zone}"`), { status: 404 });
    const match = request.url !== undefined ? { url: normalizePurgeUrl(request.url) } : { prefix: request.prefix! };
    let removed = 0;
    for (const zone of this.#zones.values()) {
      if (request.zone === undefined || zone.name === request.zone) removed += await zone.purge(match);
    }
    return { removed };
  }

  /** For the engine's stop: resolves once every entry being written is in place. */
  async close(): Promise<void> {
    const zones = [...this.#open.values()].map((o) => o.zone);
    this.#open.clear();
    this.#zones.clear();
    await Promise.all(zones.map((z) => z.close()));
  }
}
