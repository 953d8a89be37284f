// The engine's cache zones by name, outside any compiled runtime (like upstream state):
// a reload that keeps a zone keeps its entries, and changed limits apply in place. Also
// what the control API offers: per-zone summaries and purge by URL or URL prefix.
import { PurgeRequest } from '../../core/contract/cache.ts';
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import { CacheZone, type ZoneSummary } from './zone.ts';



/** Entries remember the URL as scheme://host/target with the host's port dropped (ctx.host). */
export function normalizePurgeUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(url);
  if (!m) return url;
  const host = m[2]!.toLowerCase().replace(/:\d+$/, '');
  return `${m[1]!.toLowerCase()}://${host}${m[3] || '/'}`;
}

export class CacheZones {
  readonly #dataDir: string;
  readonly #zones = new Map<string, CacheZone>();

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
  }

  /**
   * Makes the configured zones the live ones. A zone no longer configured leaves memory
   * but keeps its files (nginx keeps a removed proxy_cache_path's files too); configured
   * again, it is indexed from disk.
   */
  apply(configs: readonly CacheZoneConfig[]): void {
    const wanted = new Set(configs.map((c) => c.name));
    for (const [name, zone] of this.#zones) {
      if (!wanted.has(name)) {
        void zone.close();
        this.#zones.delete(name);
      }
    }
    for (const config of configs) {
      const zone = this.#zones.get(config.name);
      if (zone) zone.configure(config);
      else this.#zones.set(config.name, new CacheZone(config, this.#dataDir));
    }
  }

  get(name: string): CacheZone | undefined {
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
  purge(body: unknown): { removed: number } {
    const parsed = PurgeRequest.safeParse(body);
    if (!parsed.success) throw Object.assign(new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')), { status: 400 });
    const request = parsed.data;
    if (request.zone !== undefined && !this.#zones.has(request.zone)) throw Object.assign(new Error(`no cache zone "${request.zone}"`), { status: 404 });
    const match = request.url !== undefined ? { url: normalizePurgeUrl(request.url) } : { prefix: request.prefix! };
    let removed = 0;
    for (const zone of this.#zones.values()) {
      if (request.zone === undefined || zone.name === request.zone) removed += zone.purge(match);
    }
    return { removed };
  }

  /** For the engine's stop: resolves once every entry being written is in place. */
  async close(): Promise<void> {
    const zones = [...this.#zones.values()];
    this.#zones.clear();
    await Promise.all(zones.map((z) => z.close()));
  }
}
