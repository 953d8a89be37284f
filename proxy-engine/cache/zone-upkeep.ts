// What both kinds of cache zone (zone.ts: this thread's index; shared-zone.ts: the index
// the workers share) run beside their requests, as nginx's cache manager and cache loader
// do: the timer of the manager's sweep, the loader rebuilding the index from the files on
// disk, and the files still being completed, which closing the zone waits for.
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import type { DiskStore, StoredEntry } from './store.ts';

/** The manager's rounds are at most this far apart (closer for a short `inactive`). */
const SWEEP_MS = 10_000;

export class ZoneUpkeep {
  #timer: NodeJS.Timeout | null = null;
  #loading: Promise<void> | null = null;
  readonly #writing = new Set<Promise<boolean>>();

  /** True from start() until stop(). */
  get running(): boolean {
    return this.#timer !== null;
  }

  /** True while the loader is rebuilding the index from disk. */
  get loading(): boolean {
    return this.#loading !== null;
  }

  /** Starts the loader (when this thread is the one to load) and the manager's timer. */
  start(config: CacheZoneConfig, sweep: () => void, load: (() => Promise<void>) | null): void {
    if (load) this.#loading = load().finally(() => (this.#loading = null));
    this.#timer = setInterval(sweep, Math.min(SWEEP_MS, Math.max(1000, config.inactiveMs / 2)));
    this.#timer.unref();
  }

  /** Resolves once the index has been rebuilt from disk. */
  ready(): Promise<void> {
    return this.#loading ?? Promise.resolve();
  }

  /** A file being completed (resolving whether it was): stop() waits for it. */
  track(ready: Promise<boolean>): void {
    this.#writing.add(ready);
    void ready.then(() => this.#writing.delete(ready));
  }

  /** Stops the manager's timer; resolves once the files being written are in place. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await Promise.all(this.#writing);
  }
}

/** The loader's input: the zone's files, oldest first, so that the LRU order after a restart follows their ages. */
export async function storedOldestFirst(store: DiskStore): Promise<StoredEntry[]> {
  const stored = await store.list();
  stored.sort((a, b) => a.mtimeMs - b.mtimeMs);
  return stored;
}
