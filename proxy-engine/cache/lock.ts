// proxy_cache_lock: one request fills a missing entry, the others for the same key wait
// until it is done (or lock_timeout passes) and then look again. Unlike nginx, whose
// waiters poll every 500 ms, waiters here wake the moment the filler finishes.

export class FillLocks {
  readonly #held = new Map<string, Set<() => void>>();

  get size(): number {
    return this.#held.size;
  }

  /** True when this caller now holds the lock for `hash`. */
  tryAcquire(hash: string): boolean {
    if (this.#held.has(hash)) return false;
    this.#held.set(hash, new Set());
    return true;
  }

  isHeld(hash: string): boolean {
    return this.#held.has(hash);
  }

  /** Resolves true when the holder releases, false after `timeoutMs` (or at once if nobody holds it: true). */
  wait(hash: string, timeoutMs: number): Promise<boolean> {
    const waiters = this.#held.get(hash);
    if (!waiters) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      waiters.add(wake);
    });
  }

  release(hash: string): void {
    const waiters = this.#held.get(hash);
    if (!waiters) return;
    this.#held.delete(hash);
    for (const wake of waiters) wake();
  }
}
