// Per-key limiter state behind a tiny interface: the in-memory store below is the
// default; a shared store (Redis/Valkey) for several engines implements the same two
// methods, returning promises (the limiter stays synchronous when a store does not).

export type MaybePromise<T> = T | Promise<T>;

export interface LimiterStore<S> {
  /** The state for a key; also marks the key as recently used. */
  get(key: string): MaybePromise<S | undefined>;
  /**
   * Store a key's state. Called after every change, even when `get` returned the
   * live object that was changed in place (as the memory store does).
   */
  set(key: string, state: S): MaybePromise<void>;
}

export interface MemoryStoreOptions<S> {
  /** At most this many keys; the least recently used is evicted to make room. */
  maxEntries: number;
  /**
   * Entries that can go early: on each insert up to two of the least recently used
   * are dropped when this says so (nginx frees idle, fully drained nodes the same way).
   */
  isExpired?: (state: S) => boolean;
}

interface Entry<S> {
  key: string;
  state: S;
  /** Towards the most recently used end. */
  newer: Entry<S> | null;
  older: Entry<S> | null;
}

/** An LRU map: O(1) get/set, no timers, bounded by maxEntries. */
export class MemoryLimiterStore<S> implements LimiterStore<S> {
  #entries = new Map<string, Entry<S>>();
  #newest: Entry<S> | null = null;
  #oldest: Entry<S> | null = null;
  #maxEntries: number;
  #isExpired: ((state: S) => boolean) | undefined;

  constructor(options: MemoryStoreOptions<S>) {
    this.#maxEntries = Math.max(1, options.maxEntries);
    this.#isExpired = options.isExpired;
  }

  get size(): number {
    return this.#entries.size;
  }

  get maxEntries(): number {
    return this.#maxEntries;
  }

  get(key: string): S | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#touch(entry);
    return entry.state;
  }

  set(key: string, state: S): void {
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.state = state;
      this.#touch(entry);
      return;
    }
    this.#expireOldest();
    while (this.#entries.size >= this.#maxEntries) this.#evictOldest();
    const added: Entry<S> = { key, state, newer: null, older: this.#newest };
    if (this.#newest) this.#newest.newer = added;
    this.#newest = added;
    if (!this.#oldest) this.#oldest = added;
    this.#entries.set(key, added);
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#unlink(entry);
    this.#entries.delete(key);
  }

  /** A reload may change the zone's size; shrinking evicts the least recently used. */
  resize(maxEntries: number): void {
    this.#maxEntries = Math.max(1, maxEntries);
    while (this.#entries.size > this.#maxEntries) this.#evictOldest();
  }

  #touch(entry: Entry<S>): void {
    if (this.#newest === entry) return;
    this.#unlink(entry);
    entry.older = this.#newest;
    entry.newer = null;
    if (this.#newest) this.#newest.newer = entry;
    this.#newest = entry;
    if (!this.#oldest) this.#oldest = entry;
  }

  #unlink(entry: Entry<S>): void {
    if (entry.newer) entry.newer.older = entry.older;
    else this.#newest = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else this.#oldest = entry.newer;
    entry.newer = null;
    entry.older = null;
  }

  #evictOldest(): void {
    const oldest = this.#oldest;
    if (!oldest) return;
    this.#unlink(oldest);
    this.#entries.delete(oldest.key);
  }

  #expireOldest(): void {
    const isExpired = this.#isExpired;
    if (!isExpired) return;
    for (let i = 0; i < 2; i++) {
      const oldest = this.#oldest;
      if (!oldest || !isExpired(oldest.state)) return;
      this.#unlink(oldest);
      this.#entries.delete(oldest.key);
    }
  }
}

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Continue synchronously when the value is at hand, through the promise otherwise. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}

/**
 * A store shared by several threads (shared/rate-store.ts): between lock() and unlock()
 * no other thread reads or writes it, so a group's get…set is one atomic step. Locks of
 * several stores are taken in ascending lockOrder, so two groups never wait on each other.
 */
export interface LockableStore {
  readonly lockOrder: number;
  lock(): void;
  unlock(): void;
}

export function isLockable(store: object): store is LockableStore {
  return typeof (store as Partial<LockableStore>).lock === 'function' && typeof (store as Partial<LockableStore>).lockOrder === 'number';
}

/**
 * What a zone may ask of its store across reloads: a store of a fixed size (shared
 * memory) is replaced when the size changes, and a store no longer used is closed.
 */
export interface ZoneStoreLifecycle {
  readonly fixedEntries?: number;
  close?(): void;
}
