// limit_req's per-key buckets in a shared table: what nginx keeps in a limit_req_zone.
// rule-group.ts locks the store around a whole check-and-account (LockableStore), so a
// bucket's read, nginx's integer arithmetic and the write are one step for every thread.
// get/set called outside that lock (the trace API) take it themselves.
import type { BucketState } from '../middlewares/rate-limit/leaky-bucket.ts';
import type { LimiterStore, LockableStore, ZoneStoreLifecycle } from '../middlewares/rate-limit/store.ts';
import type { SharedHashTable } from './hash-table.ts';
import { encodeKey } from './key-bytes.ts';

// nginx expires at most two idle, drained nodes per new node; it looks at the LRU tail,
// this store at the next few entries of its clock hand.
const EXPIRE_AT_MOST = 2;
const EXPIRE_SAMPLE = 4;
// Entries compared when the zone is full and one must go.
const EVICT_SAMPLE = 16;

export interface SharedLimiterStoreOptions {
  table: SharedHashTable;
  /** Whether a bucket may go (idle and drained, nginx's expire): read with the zone's current rate. */
  isExpired: (state: BucketState) => boolean;
  clock: () => number;
  /** Gives the table's memory back; called once by close(). */
  onClose?: () => void;
}

export class SharedLimiterStore implements LimiterStore<BucketState>, LockableStore, ZoneStoreLifecycle {
  readonly #table: SharedHashTable;
  readonly #isExpired: (state: BucketState) => boolean;
  readonly #clock: () => number;
  readonly #onClose: (() => void) | undefined;
  readonly #probe: BucketState = { excess: 0, last: 0 };
  #held = false;
  #closed = false;
  // The slot get() found, reused by set() of the same key while the lock is still held.
  #foundKey: string | null = null;
  #foundSlot = -1;

  constructor(options: SharedLimiterStoreOptions) {
    this.#table = options.table;
    this.#isExpired = options.isExpired;
    this.#clock = options.clock;
    this.#onClose = options.onClose;
  }

  get lockOrder(): number {
    return this.#table.lockOrder;
  }

  get fixedEntries(): number {
    return this.#table.maxEntries;
  }

  get maxEntries(): number {
    return this.#table.maxEntries;
  }

  get size(): number {
    return this.#table.count;
  }

  /** The owner id holding the zone's lock, 0 when free (diagnostics, tests). */
  get lockHolder(): number {
    return this.#table.lockHolder;
  }

  lock(): void {
    this.#table.lock();
    this.#held = true;
  }

  unlock(): void {
    this.#held = false;
    this.#foundKey = null;
    this.#table.unlock();
  }

  /** A copy of the key's bucket (the shared one changes only through set). */
  get(key: string): BucketState | undefined {
    const own = this.#enter();
    try {
      const table = this.#table;
      const slot = table.find(encodeKey(key));
      if (slot === -1) return undefined;
      if (!own) {
        this.#foundKey = key;
        this.#foundSlot = slot;
      }
      return { excess: table.a(slot), last: table.b(slot) };
    } finally {
      if (own) this.unlock();
    }
  }

  set(key: string, state: BucketState): void {
    const own = this.#enter();
    try {
      const table = this.#table;
      const now = this.#clock();
      if (this.#foundKey === key) {
        table.setAB(this.#foundSlot, state.excess, state.last);
        table.touch(this.#foundSlot, now);
        return;
      }
      const encoded = encodeKey(key);
      let slot = table.find(encoded);
      if (slot === -1) {
        this.#makeRoom();
        // makeRoom used no key, so `encoded` still holds this one.
        slot = table.insert(encoded, now);
      }
      table.setAB(slot, state.excess, state.last);
      table.touch(slot, now);
    } finally {
      if (own) this.unlock();
    }
  }

  /** The zone left the configuration: its memory goes back once no thread holds it. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose?.();
  }

  #enter(): boolean {
    if (this.#held) return false;
    this.lock();
    return true;
  }

  #makeRoom(): void {
    const table = this.#table;
    const probe = this.#probe;
    let expired = 0;
    table.sweep(EXPIRE_SAMPLE, (slot) => {
      if (expired === EXPIRE_AT_MOST) return false;
      probe.excess = table.a(slot);
      probe.last = table.b(slot);
      if (!this.#isExpired(probe)) return false;
      expired++;
      return true;
    });
    while (table.isFull) table.evictOldest(EVICT_SAMPLE);
  }
}
