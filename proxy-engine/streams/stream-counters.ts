// What a stream has done, for the Streams page and the control API: connections open and
// accepted, refused ones by reason, bytes each way and connection durations. Kept per
// stream id outside the compiled configuration, so a change of the stream keeps them.
export interface StreamCounters {
  active: number;
  accepted: number;
  /** Closed at once: an allow/deny rule, a connection limit, or no upstream could be reached. */
  denied: number;
  limited: number;
  upstreamFailed: number;
  /** Bytes from clients to upstreams, and back. */
  bytesIn: number;
  bytesOut: number;
  /** Finished connections and their summed duration (mean = durationMsTotal / closed). */
  closed: number;
  durationMsTotal: number;
  /** UDP sessions open (a client address the stream is answering). */
  sessions: number;
}

export function newCounters(): StreamCounters {
  return { active: 0, accepted: 0, denied: 0, limited: 0, upstreamFailed: 0, bytesIn: 0, bytesOut: 0, closed: 0, durationMsTotal: 0, sessions: 0 };
}

/** Connections open per client address and in total, for limit_conn; one per stream. */
export class ConnectionCounts {
  readonly #perClient = new Map<string, number>();
  total = 0;

  of(address: string): number {
    return this.#perClient.get(address) ?? 0;
  }

  /** Counts a connection in; returns its release (safe to call twice). */
  enter(address: string): () => void {
    this.total++;
    this.#perClient.set(address, this.of(address) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.total--;
      const n = this.of(address) - 1;
      if (n <= 0) this.#perClient.delete(address);
      else this.#perClient.set(address, n);
    };
  }
}
