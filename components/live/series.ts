// Chart rows from the live stream's one-second snapshots and from the history API's
// steps, in one shape, so the same charts draw either. Pure functions (unit-tested).
import type { CacheName, StatusClass } from '@/proxy-engine/stats/counters.ts';
import type { HostSecond, Percentiles, StatsSnapshot } from '@/proxy-engine/stats/snapshot.ts';

export const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];
export const CACHE_NAMES: readonly CacheName[] = ['hit', 'miss', 'expired', 'stale', 'updating', 'bypass', 'revalidated'];

export type TrafficRow = { t: number } & Record<StatusClass, number>;
export type CacheRow = { t: number } & Record<CacheName, number>;
export interface LatencyRow {
  t: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One step of GET /api/v1/stats (app/_lib/queries/stats-history.ts). */
export interface HistoryStep {
  t: string;
  requests: number;
  ratePerSecond: number;
  status: Record<StatusClass, number>;
  cache: Record<CacheName, number>;
  latencyMs: Percentiles | null;
}

export interface HistoryResponse {
  from: string;
  to: string;
  stepSeconds: number;
  host: string | null;
  series: HistoryStep[];
}

/** The name the engine counts a host's traffic under: its first exact name (as compile.ts picks it). */
export function statsKey(serverNames: readonly string[]): string {
  return serverNames.find((n) => !n.startsWith('~') && !n.includes('*')) ?? serverNames[0] ?? '';
}

/** The engine counts requests that matched no host under "_" (nginx's catch-all name). */
export const UNMATCHED = '_';

export function hostLabel(key: string): string {
  return key === UNMATCHED ? 'No host matched' : key;
}

const ZERO_HOST: HostSecond = {
  requests: 0,
  status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
  cache: { hit: 0, miss: 0, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 },
  bytesIn: 0,
  bytesOut: 0,
  active: 0,
  rateLimited: 0,
  connLimited: 0,
  denied: 0,
  latencyMs: null,
};

/** A second's traffic for one host (absent from the snapshot: it had none), or for all. */
export function secondOf(snapshot: StatsSnapshot, host: string | null): HostSecond {
  return host ? (snapshot.hosts[host] ?? ZERO_HOST) : snapshot.total;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function liveRows(snapshots: readonly StatsSnapshot[], host: string | null): { traffic: TrafficRow[]; cache: CacheRow[]; latency: LatencyRow[] } {
  const traffic: TrafficRow[] = [];
  const cache: CacheRow[] = [];
  const latency: LatencyRow[] = [];
  for (const s of snapshots) {
    const second = secondOf(s, host);
    traffic.push({ t: s.t, ...second.status });
    cache.push({ t: s.t, ...second.cache });
    latency.push({ t: s.t, p50: second.latencyMs?.p50 ?? null, p95: second.latencyMs?.p95 ?? null, p99: second.latencyMs?.p99 ?? null });
  }
  return { traffic, cache, latency };
}

/** Per upstream server, its latency percentiles second by second (null where it served nothing). */
export function upstreamLatency(snapshots: readonly StatsSnapshot[], only: ReadonlySet<string> | null): Map<string, LatencyRow[]> {
  const seen = new Set<string>();
  for (const s of snapshots) for (const address of Object.keys(s.upstreams)) if (!only || only.has(address)) seen.add(address);
  const out = new Map<string, LatencyRow[]>();
  for (const address of [...seen].sort()) {
    out.set(
      address,
      snapshots.map((s) => {
        const l = s.upstreams[address]?.latencyMs ?? null;
        return { t: s.t, p50: l?.p50 ?? null, p95: l?.p95 ?? null, p99: l?.p99 ?? null };
      }),
    );
  }
  return out;
}

/** History steps as per-second rates, so the y axis means the same as in the live view. */
export function historyRows(history: HistoryResponse): { traffic: TrafficRow[]; cache: CacheRow[]; latency: LatencyRow[] } {
  const per = history.stepSeconds;
  const traffic: TrafficRow[] = [];
  const cache: CacheRow[] = [];
  const latency: LatencyRow[] = [];
  for (const step of history.series) {
    const t = Date.parse(step.t);
    traffic.push({ t, ...(Object.fromEntries(STATUS_CLASSES.map((c) => [c, round(step.status[c] / per)])) as Record<StatusClass, number>) });
    cache.push({ t, ...(Object.fromEntries(CACHE_NAMES.map((c) => [c, round((step.cache[c] ?? 0) / per)])) as Record<CacheName, number>) });
    latency.push({ t, p50: step.latencyMs?.p50 ?? null, p95: step.latencyMs?.p95 ?? null, p99: step.latencyMs?.p99 ?? null });
  }
  return { traffic, cache, latency };
}

export interface LiveSummary {
  /** Requests per second, averaged over the last `averageSeconds`. */
  rps: number;
  /** Share of 5xx responses over the window (null: no requests). */
  errorRate: number | null;
  /** The newest p95 response time measured (null: nothing measured in the window). */
  p95: number | null;
  /** Hits over cacheable lookups in the window (null: no cache lookups). */
  hitRatio: number | null;
  requests: number;
  /** Per second over the window, for sparklines. */
  series: { rps: number[]; errors: number[]; p95: number[]; hits: number[] };
}

export function summarize(snapshots: readonly StatsSnapshot[], host: string | null, averageSeconds = 10): LiveSummary {
  const seconds = snapshots.map((s) => secondOf(s, host));
  const recent = seconds.slice(-averageSeconds);
  const requests = seconds.reduce((n, s) => n + s.requests, 0);
  const errors = seconds.reduce((n, s) => n + s.status['5xx'], 0);
  const lookups = seconds.reduce((n, s) => n + CACHE_NAMES.reduce((m, c) => m + s.cache[c], 0), 0);
  const hits = seconds.reduce((n, s) => n + s.cache.hit, 0);
  const lastLatency = [...seconds].reverse().find((s) => s.latencyMs)?.latencyMs ?? null;
  return {
    rps: recent.length ? recent.reduce((n, s) => n + s.requests, 0) / recent.length : 0,
    errorRate: requests ? errors / requests : null,
    p95: lastLatency?.p95 ?? null,
    hitRatio: lookups ? hits / lookups : null,
    requests,
    series: {
      rps: seconds.map((s) => s.requests),
      errors: seconds.map((s) => s.status['5xx']),
      p95: seconds.map((s) => s.latencyMs?.p95 ?? 0),
      hits: seconds.map((s) => s.cache.hit),
    },
  };
}

/** Requests per host over the window, busiest first. */
export function topHosts(snapshots: readonly StatsSnapshot[], limit = 5): { host: string; requests: number; errors: number }[] {
  const totals = new Map<string, { requests: number; errors: number }>();
  for (const s of snapshots) {
    for (const [host, second] of Object.entries(s.hosts)) {
      const t = totals.get(host) ?? { requests: 0, errors: 0 };
      t.requests += second.requests;
      t.errors += second.status['5xx'];
      totals.set(host, t);
    }
  }
  return [...totals].map(([host, t]) => ({ host, ...t })).sort((a, b) => b.requests - a.requests || a.host.localeCompare(b.host)).slice(0, limit);
}
