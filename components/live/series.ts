// Chart rows from the live stream's one-second snapshots and from the history API's
// steps, in one shape, so the same charts draw either. Pure functions (unit-tested).
import type { CacheName, StatusClass } from '@/core/contract/stats.ts';
import type { HostSecond, Percentiles, StatsSnapshot } from '@/core/contract/stats.ts';

export const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];
export const CACHE_NAMES: readonly CacheName[] = ['hit', 'miss', 'expired', 'stale', 'updating', 'bypass', 'revalidated'];

/** A step of the requests chart: answers by status class, with those a limit produced apart (`limited`) rather than in 4xx or 5xx. */
export type TrafficRow = { t: number; limited: number } & Record<StatusClass, number>;
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
  /** Requests a rate or connection limit refused, and their answers by class (part of `status`). */
  limited: number;
  limitedStatus: Record<StatusClass, number>;
  cache: Record<CacheName, number>;
  latencyMs: Percentiles | null;
}

export interface HistoryResponse {
  from: string;
  to: string;
  stepSeconds: number;
  host: string | null;
  /** The whole range; `lastMinute` is the end of the last minute written (null: none). */
  summary: Omit<HistoryStep, 't'> & { seconds: number; lastMinute: string | null };
  topHosts?: { host: string; requests: number; s4xx: number; s5xx: number; limited: number; limited4xx: number; limited5xx: number }[];
  series: HistoryStep[];
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
  limitedStatus: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
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
    traffic.push(trafficRow(s.t, second.status, second.limitedStatus, 1));
    cache.push({ t: s.t, ...second.cache });
    latency.push({ t: s.t, p50: second.latencyMs?.p50 ?? null, p95: second.latencyMs?.p95 ?? null, p99: second.latencyMs?.p99 ?? null });
  }
  return { traffic, cache, latency };
}

/** Answers to limited requests are counted in their status class too: moved out of it into `limited`. */
function trafficRow(t: number, status: Record<StatusClass, number>, limitedStatus: Record<StatusClass, number> | undefined, per: number): TrafficRow {
  const row = { t, limited: 0 } as TrafficRow;
  for (const c of STATUS_CLASSES) {
    const limited = limitedStatus?.[c] ?? 0;
    row[c] = round(Math.max(0, status[c] - limited) / per);
    row.limited += limited;
  }
  row.limited = round(row.limited / per);
  return row;
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
    traffic.push(trafficRow(t, step.status, step.limitedStatus, per));
    cache.push({ t, ...(Object.fromEntries(CACHE_NAMES.map((c) => [c, round((step.cache[c] ?? 0) / per)])) as Record<CacheName, number>) });
    latency.push({ t, p50: step.latencyMs?.p50 ?? null, p95: step.latencyMs?.p95 ?? null, p99: step.latencyMs?.p99 ?? null });
  }
  return { traffic, cache, latency };
}

/** Counts over a window: what the summary figures and the busiest hosts are computed from. */
export interface WindowTotals {
  /** How long the window is, in seconds. */
  seconds: number;
  requests: number;
  status: Record<StatusClass, number>;
  /** Requests refused by a rate or connection limit, and the classes of their answers (part of `status`). */
  limited: number;
  limitedStatus: Record<StatusClass, number>;
  cacheLookups: number;
  hits: number;
  /** p95 response time over the window (null: nothing measured). */
  p95: number | null;
}

const zeroStatus = (): Record<StatusClass, number> => ({ '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 });

export function emptyTotals(seconds: number): WindowTotals {
  return { seconds, requests: 0, status: zeroStatus(), limited: 0, limitedStatus: zeroStatus(), cacheLookups: 0, hits: 0, p95: null };
}

/** A second's answers split into what the summary tells apart: limits are neither client nor server errors. */
export function errorsOf(t: Pick<WindowTotals, 'status' | 'limited' | 'limitedStatus'>): { serverErrors: number; clientErrors: number; limited: number } {
  return {
    serverErrors: Math.max(0, t.status['5xx'] - (t.limitedStatus?.['5xx'] ?? 0)),
    clientErrors: Math.max(0, t.status['4xx'] - (t.limitedStatus?.['4xx'] ?? 0)),
    limited: t.limited,
  };
}

const limitedOf = (s: HostSecond) => s.rateLimited + s.connLimited;

/**
 * The seconds of the stream summed. The stream keeps percentiles per second, not
 * histograms: the window's p95 is each second's p95 weighted by its requests, an
 * estimate that follows the tail (the history ranges merge histograms exactly).
 */
export function streamTotals(snapshots: readonly StatsSnapshot[], host: string | null, into: WindowTotals = emptyTotals(snapshots.length)): WindowTotals {
  let weighted = into.p95 === null ? 0 : into.p95 * into.requests;
  let weights = into.p95 === null ? 0 : into.requests;
  for (const snapshot of snapshots) {
    const s = secondOf(snapshot, host);
    into.requests += s.requests;
    for (const c of STATUS_CLASSES) {
      into.status[c] += s.status[c];
      into.limitedStatus[c] += s.limitedStatus?.[c] ?? 0;
    }
    into.limited += limitedOf(s);
    into.cacheLookups += CACHE_NAMES.reduce((n, c) => n + s.cache[c], 0);
    into.hits += s.cache.hit;
    if (s.latencyMs && s.requests > 0) {
      weighted += s.latencyMs.p95 * s.requests;
      weights += s.requests;
    }
  }
  into.p95 = weights > 0 ? Math.round((weighted / weights) * 100) / 100 : null;
  return into;
}

/**
 * A history range's totals, with the stream's seconds that came after the last minute
 * written to the history added: rollups are written when a minute ends, and without
 * them a range would read 0 for the requests of the last minute.
 */
export function historyTotals(history: HistoryResponse, snapshots: readonly StatsSnapshot[], host: string | null): WindowTotals {
  const s = history.summary;
  const totals: WindowTotals = {
    seconds: s.seconds,
    requests: s.requests,
    status: { ...s.status },
    limited: s.limited,
    limitedStatus: { ...s.limitedStatus },
    cacheLookups: CACHE_NAMES.reduce((n, c) => n + (s.cache[c] ?? 0), 0),
    hits: s.cache.hit ?? 0,
    p95: s.latencyMs?.p95 ?? null,
  };
  return streamTotals(snapshotsAfterHistory(history, snapshots), host, totals);
}

/** The stream's seconds the history does not have yet. */
export function snapshotsAfterHistory(history: HistoryResponse, snapshots: readonly StatsSnapshot[]): StatsSnapshot[] {
  const since = Math.max(Date.parse(history.from), history.summary.lastMinute ? Date.parse(history.summary.lastMinute) : 0);
  return snapshots.filter((s) => s.t >= since);
}

export interface TrafficSummary {
  /** Requests per second over the whole window. */
  rps: number;
  requests: number;
  /** 5xx answers that no limit produced, 4xx likewise, and requests a limit refused; shares of all requests (null: no requests). */
  serverErrors: number;
  clientErrors: number;
  limited: number;
  serverErrorRate: number | null;
  clientErrorRate: number | null;
  limitedRate: number | null;
  p95: number | null;
  /** Hits over cache lookups in the window (null: no cache lookups). */
  hitRatio: number | null;
  /** The window's steps (seconds, or the history's steps), for sparklines. */
  series: { rps: number[]; serverErrors: number[]; clientErrors: number[]; limited: number[]; p95: number[]; hits: number[] };
}

export function summarize(totals: WindowTotals, series: TrafficSummary['series']): TrafficSummary {
  const { serverErrors, clientErrors, limited } = errorsOf(totals);
  const share = (n: number) => (totals.requests ? n / totals.requests : null);
  return {
    rps: totals.seconds > 0 ? totals.requests / totals.seconds : 0,
    requests: totals.requests,
    serverErrors,
    clientErrors,
    limited,
    serverErrorRate: share(serverErrors),
    clientErrorRate: share(clientErrors),
    limitedRate: share(limited),
    p95: totals.p95,
    hitRatio: totals.cacheLookups ? totals.hits / totals.cacheLookups : null,
    series,
  };
}

/** Sparkline values, one per second of the stream. */
export function streamSeries(snapshots: readonly StatsSnapshot[], host: string | null): TrafficSummary['series'] {
  const seconds = snapshots.map((s) => secondOf(s, host));
  return {
    rps: seconds.map((s) => s.requests),
    serverErrors: seconds.map((s) => errorsOf({ ...s, limited: limitedOf(s) }).serverErrors),
    clientErrors: seconds.map((s) => errorsOf({ ...s, limited: limitedOf(s) }).clientErrors),
    limited: seconds.map(limitedOf),
    p95: seconds.map((s) => s.latencyMs?.p95 ?? 0),
    hits: seconds.map((s) => s.cache.hit),
  };
}

/** Sparkline values, one per step of the history. */
export function historySeries(history: HistoryResponse): TrafficSummary['series'] {
  const steps = history.series;
  return {
    rps: steps.map((s) => s.requests / history.stepSeconds),
    serverErrors: steps.map((s) => errorsOf(s).serverErrors),
    clientErrors: steps.map((s) => errorsOf(s).clientErrors),
    limited: steps.map((s) => s.limited ?? 0),
    p95: steps.map((s) => s.latencyMs?.p95 ?? 0),
    hits: steps.map((s) => s.cache.hit ?? 0),
  };
}

/** The summary of the last `seconds` of the stream. */
export function streamSummary(snapshots: readonly StatsSnapshot[], host: string | null): TrafficSummary {
  return summarize(streamTotals(snapshots, host), streamSeries(snapshots, host));
}

export interface HostTotals {
  host: string;
  requests: number;
  serverErrors: number;
  clientErrors: number;
  limited: number;
}

/** Requests per host over the stream's window, busiest first. */
export function topHosts(snapshots: readonly StatsSnapshot[], limit = 5): HostTotals[] {
  const totals = new Map<string, WindowTotals>();
  for (const s of snapshots) {
    for (const host of Object.keys(s.hosts)) if (!totals.has(host)) totals.set(host, emptyTotals(0));
  }
  for (const [host, t] of totals) streamTotals(snapshots, host, t);
  return rank([...totals].map(([host, t]) => ({ host, requests: t.requests, ...errorsOf(t) })), limit);
}

/** The history's busiest hosts, with the stream's seconds after the last written minute added. */
export function historyTopHosts(history: HistoryResponse, snapshots: readonly StatsSnapshot[], limit = 5): HostTotals[] {
  const byHost = new Map<string, HostTotals>();
  for (const h of history.topHosts ?? []) {
    byHost.set(h.host, { host: h.host, requests: h.requests, serverErrors: Math.max(0, h.s5xx - h.limited5xx), clientErrors: Math.max(0, h.s4xx - h.limited4xx), limited: h.limited });
  }
  for (const recent of topHosts(snapshotsAfterHistory(history, snapshots), Infinity)) {
    const t = byHost.get(recent.host) ?? { host: recent.host, requests: 0, serverErrors: 0, clientErrors: 0, limited: 0 };
    byHost.set(recent.host, { host: recent.host, requests: t.requests + recent.requests, serverErrors: t.serverErrors + recent.serverErrors, clientErrors: t.clientErrors + recent.clientErrors, limited: t.limited + recent.limited });
  }
  return rank([...byHost.values()], limit);
}

function rank(hosts: HostTotals[], limit: number): HostTotals[] {
  return hosts.sort((a, b) => b.requests - a.requests || a.host.localeCompare(b.host)).slice(0, limit);
}
