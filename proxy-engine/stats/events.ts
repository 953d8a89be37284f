// Events carried in the one-second snapshots next to the counters, so a chart can mark
// them on its time axis and the overview can list them: upstream servers leaving and
// rejoining rotation (the engine's own health verdicts), certificate issuance and renewal
// and the health gate's automatic rollbacks (reported by the dashboard process, which runs
// ACME and the gate, through POST /events).
// Between two ticks at most MAX_PER_SECOND are kept: a flapping fleet cannot grow a
// snapshot without limit; the count of the ones left out is reported instead.
import type { ReportedEvent, ServerEvent, StreamEvent } from '../../core/contract/stats.ts';

export const MAX_PER_SECOND = 100;

export class EventQueue {
  #pending: StreamEvent[] = [];
  #dropped = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  push(event: ReportedEvent | ServerEvent, at = this.#now()): void {
    if (this.#pending.length >= MAX_PER_SECOND) {
      this.#dropped++;
      return;
    }
    this.#pending.push({ ...event, at });
  }

  /** The events since the last call, and how many were left out. */
  take(): { events: StreamEvent[]; dropped: number } {
    const taken = { events: this.#pending, dropped: this.#dropped };
    this.#pending = [];
    this.#dropped = 0;
    return taken;
  }
}
