// proxy_cache_lock across the engine's workers: the fill lock of a key is its filler's
// thread id in the zone's shared index, so a miss on one worker waits for the fill another
// worker runs. Requests of this thread wait on a local lock and wake the moment their
// filler is done; requests of other threads look at the index every POLL_MS (nginx's
// waiters poll every 500 ms). The lock is let go once the entry is in the index (not when
// the client's answer ends), so a waiter that wakes finds it. A worker that dies mid-fill
// has its fills released by the main thread (releaseSharedThread).
import type { SharedCacheIndex } from '../shared/cache-index.ts';
import { FillLocks } from './lock.ts';

const POLL_MS = 20;

export class SharedFillLocks {
  readonly #index: SharedCacheIndex;
  readonly #local = new FillLocks();
  readonly #now: () => number;
  /** The publication of this thread's fill of `hash`, if one is under way. */
  readonly #published: (hash: string) => Promise<unknown> | null;

  constructor(index: SharedCacheIndex, now: () => number, published: (hash: string) => Promise<unknown> | null) {
    this.#index = index;
    this.#now = now;
    this.#published = published;
  }

  tryAcquire(hash: string): boolean {
    if (!this.#local.tryAcquire(hash)) return false;
    if (this.#index.tryLockFill(hash, this.#now())) return true;
    this.#local.release(hash);
    return false;
  }

  isHeld(hash: string): boolean {
    return this.#local.isHeld(hash) || this.#index.fillLocked(hash);
  }

  /** Resolves true once nobody fills `hash`, false after `timeoutMs`. */
  wait(hash: string, timeoutMs: number): Promise<boolean> {
    if (this.#local.isHeld(hash)) return this.#local.wait(hash, timeoutMs);
    if (!this.#index.fillLocked(hash)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve) => {
      const look = () => {
        if (!this.#index.fillLocked(hash)) return resolve(true);
        const left = deadline - Date.now();
        if (left <= 0) return resolve(false);
        setTimeout(look, Math.min(POLL_MS, left));
      };
      setTimeout(look, Math.min(POLL_MS, timeoutMs));
    });
  }

  release(hash: string): void {
    const letGo = () => {
      this.#index.unlockFill(hash);
      this.#local.release(hash);
    };
    const published = this.#published(hash);
    if (published) void published.then(letGo, letGo);
    else letGo();
  }
}
