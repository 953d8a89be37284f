// Traffic of a time window, summed from the one-second snapshots the ring keeps: what the
// dashboard's health gate compares before and after a configuration change. Upstream
// latency is the mean of each second's per-server p99, weighted by that second's
// requests to the server: the ring holds percentiles, not histograms, so this is an
// estimate that moves with the tail, which is all a regression check needs.
import type { StatsSnapshot } from './stats.ts';

export interface WindowSummary {
  from: number;
  to: number;
  /** Seconds of the window the ring covered (fewer when the engine started inside it). */
  seconds: number;
  requests: number;
  status5xx: number;
  upstreamRequests: number;
  /** Request-weighted mean of per-second upstream p99 latency, ms; null without upstream traffic. */
  upstreamP99Ms: number | null;
}

export function summarizeSnapshots(snapshots: Iterable<StatsSnapshot>, from: number, to: number): WindowSummary {
  const summary: WindowSummary = { from, to, seconds: 0, requests: 0, status5xx: 0, upstreamRequests: 0, upstreamP99Ms: null };
  let weighted = 0;
  let weights = 0;
  for (const s of snapshots) {
    // A snapshot covers [t, t + 1000): it belongs to the window when it starts inside it.
    if (s.t < from || s.t >= to) continue;
    summary.seconds++;
    summary.requests += s.total.requests;
    summary.status5xx += s.total.status['5xx'];
    for (const upstream of Object.values(s.upstreams)) {
      summary.upstreamRequests += upstream.requests;
      if (upstream.latencyMs && upstream.requests > 0) {
        weighted += upstream.latencyMs.p99 * upstream.requests;
        weights += upstream.requests;
      }
    }
  }
  if (weights > 0) summary.upstreamP99Ms = Math.round((weighted / weights) * 100) / 100;
  return summary;
}
