// The one-second snapshot: the `data` of each /api/v1/stats/stream event, and what the
// ring keeps for resumption. Hosts and upstream servers with no activity in a second are
// left out of it: a chart reads their absence as zero.
import { CACHE_NAMES, STATUS_CLASSES, type CacheName, type StatusClass, type TrafficCounters, type UpstreamCounters } from './counters.ts';
import type { StreamEvent } from './events.ts';
import type { LatencyHistogram } from '../../core/stats/histogram.ts';

/** Latency percentiles in ms (0.01 ms resolution); null when nothing was measured. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface HostSecond {
  /** Requests completed in this second. */
  requests: number;
  status: Record<StatusClass, number>;
  cache: Record<CacheName, number>;
  bytesIn: number;
  bytesOut: number;
  /** Requests in progress at the end of the second. */
  active: number;
  /** Requests refused by a rate limit (limit_req) and by a connection limit (limit_conn). */
  rateLimited: number;
  connLimited: number;
  /**
   * The answers to those refused requests by status class (429, 503 or what the limit
   * is set to answer): part of `status`, so errors can be counted without them.
   */
  limitedStatus: Record<StatusClass, number>;
  denied: number;
  /** Client-side total time (accept to last byte). */
  latencyMs: Percentiles | null;
}

export interface UpstreamSecond {
  /** Upstream attempts that got a response in this second. */
  requests: number;
  status: Record<StatusClass, number>;
  /** Requests in progress to this server at the end of the second. */
  active: number;
  fails: number;
  retries: number;
  wentDown: number;
  wentUp: number;
  /** Upstream total time (nginx $upstream_response_time). */
  latencyMs: Percentiles | null;
  /** $upstream_connect_time and $upstream_header_time. */
  connectMs: Percentiles | null;
  firstByteMs: Percentiles | null;
}

/**
 * One event of GET /api/v1/stats/stream, e.g.
 * { "seq": 1767225600, "t": 1767225600000,
 *   "total": { "requests": 12, "status": { "1xx": 0, "2xx": 11, "3xx": 0, "4xx": 1, "5xx": 0 },
 *              "cache": { "hit": 3, "miss": 2, "expired": 0, "stale": 0, "updating": 0, "bypass": 0, "revalidated": 0 },
 *              "bytesIn": 2048, "bytesOut": 81920, "active": 2, "rateLimited": 1, "connLimited": 0,
 *              "limitedStatus": { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 1, "5xx": 0 }, "denied": 0,
 *              "latencyMs": { "p50": 20.03, "p95": 199.7, "p99": 199.7 } },
 *   "hosts": { "example.com": { …same shape as total… } },
 *   "upstreams": { "10.0.0.5:8080": { "requests": 9, "status": {…}, "active": 1, "fails": 0, "retries": 0,
 *                  "wentDown": 0, "wentUp": 0, "latencyMs": {…}, "connectMs": {…}, "firstByteMs": {…} } },
 *   "events": [{ "kind": "certificate.renewed", "certificateId": "…", "names": ["example.com"],
 *                "message": "…", "notAfter": "2027-02-20T10:00:00.000Z", "nextAttemptAt": null, "at": 1767225600412 }] }
 */
export interface StatsSnapshot {
  /** The SSE event id: one more than the previous snapshot's. */
  seq: number;
  /** Start of the second it covers, epoch ms. */
  t: number;
  /** All hosts together. */
  total: HostSecond;
  hosts: Record<string, HostSecond>;
  upstreams: Record<string, UpstreamSecond>;
  /**
   * What happened in this second besides traffic (servers leaving or rejoining rotation,
   * certificate issuance and renewal); present only when something did.
   */
  events?: StreamEvent[];
  /** Events left out of this second beyond the per-second cap. */
  eventsDropped?: number;
}

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

export function statusClasses(c: TrafficCounters, counts: Float64Array = c.statusClass): Record<StatusClass, number> {
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
