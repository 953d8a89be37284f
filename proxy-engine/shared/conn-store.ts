// limit_conn's counts in a shared table, what nginx keeps in a limit_conn_zone: a key
// exists only while it has requests in progress, and a new key is refused when the zone
// is full (nginx: out of memory in the zone), never evicted.
import type { AcquireResult, ConnStore } from '../middlewares/conn-limit/store.ts';
import type { ZoneStoreLifecycle } from '../middlewares/rate-limit/store.ts';
import type { SharedHashTable } from './hash-table.ts';
import { encodeKey } from './key-bytes.ts';

export class SharedConnStore implements ConnStore, ZoneStoreLifecycle {
  readonly #table: SharedHashTable;
  readonly #onClose: (() => void) | undefined;
  // Slots this thread holds: a closed zone keeps its memory until they are given back.
  #outstanding = 0;
  #closing = false;
  #closed = false;

  constructor(table: SharedHashTable, onClose?: () => void) {
    this.#table = table;
    this.#onClose = onClose;
  }

  get fixedEntries(): number {
    return this.#table.maxEntries;
  }

  get size(): number {
    return this.#table.count;
  }

  count(key: string): number {
    const table = this.#table;
    table.lock();
    try {
      const slot = table.find(encodeKey(key));
      return slot === -1 ? 0 : table.int(slot);
    } finally {
      table.unlock();
    }
  }

  acquire(key: string, max: number): AcquireResult {
    const table = this.#table;
    table.lock();
    let result: AcquireResult;
    try {
      const encoded = encodeKey(key);
      let slot = table.find(encoded);
      if (slot === -1) slot = table.insert(encoded, 0);
      if (slot === -1) result = 'full';
      else if (table.int(slot) >= max) {
        // A key just added for a request refused at once must not stay (max 0).
        if (table.int(slot) === 0) table.remove(slot);
        result = 'over';
      }
      else {
        table.setInt(slot, table.int(slot) + 1);
        result = 'ok';
      }
    } finally {
      table.unlock();
    }
    if (result === 'ok') this.#outstanding++;
    return result;
  }

  release(key: string): void {
    const table = this.#table;
    table.lock();
    try {
      const slot = table.find(encodeKey(key));
      if (slot !== -1) {
        const count = table.int(slot);
        if (count <= 1) table.remove(slot);
        else table.setInt(slot, count - 1);
      }
    } finally {
      table.unlock();
    }
    if (this.#outstanding > 0) this.#outstanding--;
    if (this.#closing && this.#outstanding === 0) this.#finish();
  }

  /** The zone left the configuration: requests still in it release first, then its memory goes. */
  close(): void {
    this.#closing = true;
    if (this.#outstanding === 0) this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose?.();
  }
}
