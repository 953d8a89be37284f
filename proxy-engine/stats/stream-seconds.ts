// The streams' part of the one-second snapshot. The stream manager keeps running totals
// per stream (the Streams page and Prometheus read them); a second is what they grew by
// since the last tick. Bytes of open connections are in the totals as they move, and move
// into the closed counts when the connection ends, so a total can dip for a moment (a
// removed stream's listener no longer reports its draining connections' bytes): the
// baseline keeps the highest total seen, so nothing is counted twice and nothing goes
// negative.
import type { StreamSecond } from '../../core/contract/stats.ts';
import type { StreamStatus } from '../../core/contract/streams.ts';

type Totals = Pick<StreamStatus, 'accepted' | 'closed' | 'denied' | 'limited' | 'upstreamFailed' | 'bytesIn' | 'bytesOut' | 'durationMsTotal'>;
const GROWING = ['accepted', 'closed', 'denied', 'limited', 'upstreamFailed', 'bytesIn', 'bytesOut', 'durationMsTotal'] as const;

export class StreamSeconds {
  /** By stream id: the totals the last second ended with. */
  #baseline = new Map<string, Totals>();

  /** Reads `now` (every configured stream's totals) and returns the streams with anything to show, by name. */
  take(now: readonly StreamStatus[]): Record<string, StreamSecond> {
    const out: Record<string, StreamSecond> = {};
    const next = new Map<string, Totals>();
    for (const status of now) {
      // A stream seen for the first time starts from zero: what it did before the first
      // tick happened in the engine's first second.
      const before = this.#baseline.get(status.id);
      const grew = {} as Totals;
      const kept = {} as Totals;
      for (const field of GROWING) {
        const was = before?.[field] ?? 0;
        grew[field] = Math.max(0, status[field] - was);
        kept[field] = Math.max(was, status[field]);
      }
      next.set(status.id, kept);
      const active = status.protocol === 'udp' ? status.sessions : status.active;
      const idle = active === 0 && GROWING.every((field) => grew[field] === 0);
      if (idle) continue;
      out[status.name] = {
        protocol: status.protocol,
        opened: grew.accepted,
        closed: grew.closed,
        denied: grew.denied,
        limited: grew.limited,
        upstreamFailed: grew.upstreamFailed,
        active,
        bytesIn: grew.bytesIn,
        bytesOut: grew.bytesOut,
        meanDurationMs: grew.closed === 0 ? null : Math.round(grew.durationMsTotal / grew.closed),
      };
    }
    // Streams no longer configured are forgotten: their counters are gone too.
    this.#baseline = next;
    return out;
  }
}
