// Chart rows for the TCP/UDP streams from the live stream's one-second snapshots (their
// optional `streams` part): bytes each way and connections per second, for one stream
// or all together. Pure functions (unit-tested).
import type { StatsSnapshot, StreamSecond } from '@/core/contract/stats.ts';

export interface StreamBytesRow {
  t: number;
  bytesIn: number;
  bytesOut: number;
}

export interface StreamConnectionsRow {
  t: number;
  opened: number;
  closed: number;
  /** Closed at once: allow/deny, a connection limit, or no upstream reachable. */
  refused: number;
  /** Open at the end of the second. */
  active: number;
}

export interface StreamSummary {
  bytesIn: number;
  bytesOut: number;
  opened: number;
  refused: number;
  /** Open at the latest second. */
  active: number;
  /** Mean duration of the connections that closed in the window (null: none closed). */
  meanDurationMs: number | null;
}

/** The streams seen in the window, by name. */
export function streamNames(snapshots: readonly StatsSnapshot[]): string[] {
  const names = new Set<string>();
  for (const s of snapshots) for (const name of Object.keys(s.streams ?? {})) names.add(name);
  return [...names].sort();
}

function secondsOf(snapshot: StatsSnapshot, stream: string | null): StreamSecond[] {
  const all = snapshot.streams ?? {};
  if (stream === null) return Object.values(all);
  const one = all[stream];
  return one ? [one] : [];
}

export function streamRows(snapshots: readonly StatsSnapshot[], stream: string | null): { bytes: StreamBytesRow[]; connections: StreamConnectionsRow[] } {
  const bytes: StreamBytesRow[] = [];
  const connections: StreamConnectionsRow[] = [];
  for (const s of snapshots) {
    const row = { t: s.t, bytesIn: 0, bytesOut: 0, opened: 0, closed: 0, refused: 0, active: 0 };
    for (const second of secondsOf(s, stream)) {
      row.bytesIn += second.bytesIn;
      row.bytesOut += second.bytesOut;
      row.opened += second.opened;
      row.closed += second.closed;
      row.refused += second.denied + second.limited + second.upstreamFailed;
      row.active += second.active;
    }
    bytes.push({ t: row.t, bytesIn: row.bytesIn, bytesOut: row.bytesOut });
    connections.push({ t: row.t, opened: row.opened, closed: row.closed, refused: row.refused, active: row.active });
  }
  return { bytes, connections };
}

/** The window's figures: sums, the latest open count, and the mean duration weighted by connections. */
export function streamSummary(snapshots: readonly StatsSnapshot[], stream: string | null): StreamSummary {
  const out: StreamSummary = { bytesIn: 0, bytesOut: 0, opened: 0, refused: 0, active: 0, meanDurationMs: null };
  let closed = 0;
  let durationTotal = 0;
  for (const s of snapshots) {
    for (const second of secondsOf(s, stream)) {
      out.bytesIn += second.bytesIn;
      out.bytesOut += second.bytesOut;
      out.opened += second.opened;
      out.refused += second.denied + second.limited + second.upstreamFailed;
      if (second.meanDurationMs !== null) {
        closed += second.closed;
        durationTotal += second.meanDurationMs * second.closed;
      }
    }
  }
  const last = snapshots.at(-1);
  out.active = last ? secondsOf(last, stream).reduce((n, s) => n + s.active, 0) : 0;
  out.meanDurationMs = closed === 0 ? null : Math.round(durationTotal / closed);
  return out;
}
