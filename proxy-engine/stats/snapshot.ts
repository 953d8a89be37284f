// Builds the one-second snapshot (its shape: core/contract/stats.ts) from the counters.
// Hosts and upstream servers with no activity in a second are left out of it: a chart
// reads their absence as zero.
import { CACHE_NAMES, STATUS_CLASSES, type CacheName, type HostSecond, type Percentiles, type StatusClass, type UpstreamSecond } from '../../core/contract/stats.ts';
import type { TrafficCounters, UpstreamCounters } from './counters.ts';
import type { LatencyHistogram } from '../../core/stats/histogram.ts';

const PERCENTILES = [50, 95, 99] as const;

export function percentilesOf(histogram: LatencyHistogram): Percentiles | null {
  if (histogram.count === 0) return null;
  const [p50, p95, p99] = histogram.percentiles(PERCENTILES).map(round2);
  return { p50: p50!, p95: p95!, p99: p99! };
}

export function hostSecond(c: TrafficCounters): HostSecond {
  return {
    requests: c.requests,
    status: statusClasses(c),
    cache: cacheCounts(c),
    bytesIn: c.bytesIn,
    bytesOut: c.bytesOut,
    active: c.active,
    rateLimited: c.rateLimited,
    connLimited: c.connLimited,
    limitedStatus: statusClasses(c, c.limitedStatus),
    denied: c.denied,
    latencyMs: percentilesOf(c.latency),
  };
}

export function upstreamSecond(c: UpstreamCounters): UpstreamSecond {
  return {
    requests: c.requests,
    status: statusClasses(c),
    active: c.active,
    fails: c.fails,
    retries: c.retries,
    wentDown: c.wentDown,
    wentUp: c.wentUp,
    latencyMs: percentilesOf(c.latency),
    connectMs: percentilesOf(c.connect),
    firstByteMs: percentilesOf(c.firstByte),
  };
}

export function statusClasses(c: TrafficCounters, counts: readonly number[] = c.statusClass): Record<StatusClass, number> {
  const out = {} as Record<StatusClass, number>;
  STATUS_CLASSES.forEach((name, i) => (out[name] = counts[i + 1]!));
  return out;
}

export function cacheCounts(c: TrafficCounters): Record<CacheName, number> {
  const out = {} as Record<CacheName, number>;
  CACHE_NAMES.forEach((name, i) => (out[name] = c.cache[i]!));
  return out;
}

function round2(ms: number): number {
  return Math.round(ms * 100) / 100;
}
