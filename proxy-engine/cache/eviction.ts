// The zone's index in least-recently-used order, with the byte count nginx's cache
// manager keeps: entries beyond max_size (or the entry limit) go oldest first, and
// entries not used for `inactive` go whether fresh or not. A Map keeps insertion order,
// so re-inserting on use makes its first key the least recently used.

export interface Evictable {
  readonly hash: string;
  fileSize: number;
  lastAccess: number;
}

export interface Limits {
  maxBytes: number;
  maxEntries: number;
}

export class LruIndex<T extends Evictable> {
  readonly #map = new Map<string, T>();
  #bytes = 0;

  get size(): number {
    return this.#map.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  peek(hash: string): T | undefined {
    return this.#map.get(hash);
  }

  /** Marks a use: the entry becomes the most recently used. */
  touch(entry: T, now: number): void {
    entry.lastAccess = now;
    this.#map.delete(entry.hash);
    this.#map.set(entry.hash, entry);
  }

  /** Adds (or replaces) an entry as the most recently used; returns the one it replaced. */
  add(entry: T): T | undefined {
    const old = this.#map.get(entry.hash);
    if (old) {
      this.#bytes -= old.fileSize;
      this.#map.delete(entry.hash);
    }
    this.#map.set(entry.hash, entry);
    this.#bytes += entry.fileSize;
    return old;
  }

  delete(hash: string): T | undefined {
    const entry = this.#map.get(hash);
    if (!entry) return undefined;
    this.#map.delete(hash);
    this.#bytes -= entry.fileSize;
    return entry;
  }

  values(): IterableIterator<T> {
    return this.#map.values();
  }

  /** Removes least recently used entries until within the limits; returns them. */
  evictOverLimits(limits: Limits): T[] {
    const victims: T[] = [];
    for (const entry of this.#map.values()) {
      if (this.#bytes <= limits.maxBytes && this.#map.size <= limits.maxEntries) break;
      victims.push(entry);
      this.delete(entry.hash);
    }
    return victims;
  }

  /** Removes entries unused since `now - inactiveMs` (the oldest come first, so it stops early). */
  evictInactive(now: number, inactiveMs: number): T[] {
    const victims: T[] = [];
    for (const entry of this.#map.values()) {
      if (entry.lastAccess + inactiveMs > now) break;
      victims.push(entry);
      this.delete(entry.hash);
    }
    return victims;
  }
}

/** proxy_cache_min_uses counts for keys not stored yet, bounded like the index (nginx keeps them in the keys_zone). */
export class UseCounts {
  readonly #counts = new Map<string, number>();

  /** Counts one more request for `hash`; returns the count. */
  add(hash: string, max: number): number {
    const uses = (this.#counts.get(hash) ?? 0) + 1;
    this.#counts.delete(hash);
    this.#counts.set(hash, uses);
    if (this.#counts.size > max) this.#counts.delete(this.#counts.keys().next().value!);
    return uses;
  }

  clear(hash: string): void {
    this.#counts.delete(hash);
  }
}
