// Requests in progress per key, behind an interface a shared store (Redis/Valkey
// INCR/DECR) can implement; the memory store answers synchronously.
import type { MaybePromise } from '../rate-limit/store.ts';

/**
 * ok: counted; over: the key is at its maximum; full: no room for another key;
 * unavailable: the zone's shared server is unreachable and the engine fails closed (503).
 */
export type AcquireResult = 'ok' | 'over' | 'full' | 'unavailable';

export interface ConnStore {
  acquire(key: string, max: number): MaybePromise<AcquireResult>;
  /** Undo one successful acquire. */
  release(key: string): MaybePromise<void>;
}

/**
 * A key exists only while it has requests in progress (nginx frees the node when its
 * count drops to 0), so maxEntries bounds the keys limited at the same moment. When it
 * is reached, a new key is refused as nginx refuses one when the zone is out of memory.
 */
export class MemoryConnStore implements ConnStore {
  #counts = new Map<string, number>();
  #maxEntries: number;

  constructor(options: { maxEntries: number }) {
    this.#maxEntries = Math.max(1, options.maxEntries);
  }

  get size(): number {
    return this.#counts.size;
  }

  count(key: string): number {
    return this.#counts.get(key) ?? 0;
  }

  acquire(key: string, max: number): AcquireResult {
    const current = this.#counts.get(key);
    if (current === undefined) {
      if (this.#counts.size >= this.#maxEntries) return 'full';
      this.#counts.set(key, 1);
      return 'ok';
    }
    if (current >= max) return 'over';
    this.#counts.set(key, current + 1);
    return 'ok';
  }

  release(key: string): void {
    const current = this.#counts.get(key);
    if (current === undefined) return;
    if (current <= 1) this.#counts.delete(key);
    else this.#counts.set(key, current - 1);
  }

  /** A reload may change the zone's size; keys in use are never dropped. */
  resize(maxEntries: number): void {
    this.#maxEntries = Math.max(1, maxEntries);
  }
}
