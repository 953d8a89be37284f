// Which requests still run on a runtime. A request holds the runtime it started with to
// its end (retries, WebSocket tunnels and long downloads included), so what a reload
// removes (keep-alive pools, cache zones) may only be closed once the runtime that used
// it is held by nobody. Bounded: a request that outlives `boundMs` (a tunnel open for
// hours) does not keep a removed pool's idle connections open forever; closing then
// still lets that request's own upstream exchange finish.
export class RuntimeGeneration {
  #held = 0;
  #onDrained: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;

  /** Requests running on this runtime now. */
  get held(): number {
    return this.#held;
  }

  hold(): void {
    this.#held++;
  }

  release(): void {
    this.#held--;
    if (this.#held === 0 && this.#onDrained) this.#drained();
  }

  /**
   * A newer runtime replaced this one: `then` runs once no request holds it (at once
   * when none does), or after `boundMs` at the latest. Runs once.
   */
  retire(boundMs: number, then: () => void): void {
    if (this.#onDrained) return;
    this.#onDrained = then;
    if (this.#held === 0) return this.#drained();
    this.#timer = setTimeout(() => this.#drained(), boundMs);
    this.#timer.unref();
  }

  #drained(): void {
    const then = this.#onDrained;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    // Keep a non-null marker so a late release or a second retire does nothing.
    this.#onDrained = () => undefined;
    then?.();
  }
}
