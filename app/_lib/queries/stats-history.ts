// Statistics history from the per-minute rollups: buckets of a chosen step over a range,
// with latency percentiles from merged histograms (exact merges, not averaged averages),
// the whole range summed up the same way, and optionally the busiest hosts of the range.
// Each node (instance) writes its own rows: every read sums over nodes unless asked for one.
import { isPostgres, type Db } from '@/core/db/client.ts';
import { dateParam, topHostsQuery } from '@/core/db/stats-sql.ts';
import { LatencyHistogram } from '@/core/stats/histogram.ts';
import { CACHE_NAMES, STATUS_CLASSES, type StatusClass } from '@/core/contract/stats.ts';

export interface HistoryQuery {
  from: Date;
  to: Date;
  /** "total", or one host name. */
  host: string | null;
  /** One upstream server's address instead of a host. */
  upstream?: string | null;
  stepSeconds: number;
  /** Also rank the hosts of the range by requests, this many of them. */
  topHosts?: number;
  /** One node's minutes (PORTICO_NODE_NAME); null or absent: every node's, summed. */
  node?: string | null;
}

type StatusCounts = Record<StatusClass, number>;

interface Bucket {
  t: number;
  requests: number;
  status: StatusCounts;
  /** Requests refused by a rate or connection limit, and the classes of their answers (part of `status`). */
  limited: number;
  limitedStatus: StatusCounts;
  cache: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  histogram: LatencyHistogram;
}

const zeroStatus = (): StatusCounts => ({ '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 });

function emptyBucket(t: number): Bucket {
  return { t, requests: 0, status: zeroStatus(), limited: 0, limitedStatus: zeroStatus(), cache: Object.fromEntries(CACHE_NAMES.map((n) => [n, 0])), bytesIn: 0, bytesOut: 0, histogram: new LatencyHistogram() };
}

interface RollupRow {
  requests: number;
  s1xx: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  bytesIn: bigint;
  bytesOut: bigint;
  counters: unknown;
  latency: unknown;
}

/** The rollup's counters JSON, as written by stats/rollup.ts (older rows lack limitedStatus). */
interface StoredCounters {
  cache?: Record<string, number>;
  rateLimited?: number;
  connLimited?: number;
  limitedStatus?: Partial<StatusCounts>;
}

function addRow(b: Bucket, row: RollupRow): void {
  b.requests += row.requests;
  b.status['1xx'] += row.s1xx;
  b.status['2xx'] += row.s2xx;
  b.status['3xx'] += row.s3xx;
  b.status['4xx'] += row.s4xx;
  b.status['5xx'] += row.s5xx;
  b.bytesIn += Number(row.bytesIn);
  b.bytesOut += Number(row.bytesOut);
  const counters = (row.counters ?? {}) as StoredCounters;
  b.limited += (counters.rateLimited ?? 0) + (counters.connLimited ?? 0);
  for (const c of STATUS_CLASSES) b.limitedStatus[c] += counters.limitedStatus?.[c] ?? 0;
  for (const name of CACHE_NAMES) b.cache[name]! += counters.cache?.[name] ?? 0;
  b.histogram.addSparse(row.latency as Record<string, number>);
}

function percentiles(h: LatencyHistogram): { p50: number; p95: number; p99: number } | null {
  if (h.count === 0) return null;
  const [p50, p95, p99] = h.percentiles([50, 95, 99]);
  return { p50: p50!, p95: p95!, p99: p99! };
}

function view(b: Bucket, seconds: number) {
  return {
    requests: b.requests,
    ratePerSecond: b.requests / seconds,
    status: b.status,
    limited: b.limited,
    limitedStatus: b.limitedStatus,
    cache: b.cache,
    bytesIn: b.bytesIn,
    bytesOut: b.bytesOut,
    latencyMs: percentiles(b.histogram),
  };
}

export async function statsHistory(db: Db, query: HistoryQuery) {
  const rows = await db.statsMinute.findMany({
    where: {
      ...(query.upstream ? { scope: 'upstream', key: query.upstream } : { scope: query.host ? 'host' : 'total', key: query.host ?? '' }),
      minute: { gte: query.from, lt: query.to },
      // Every node writes its own row of a minute; without a filter they all add into the buckets below.
      ...(query.node ? { node: query.node } : {}),
    },
    orderBy: { minute: 'asc' },
  });
  const stepMs = query.stepSeconds * 1000;
  const buckets = new Map<number, Bucket>();
  const whole = emptyBucket(query.from.getTime());
  for (const row of rows) {
    const t = Math.floor(row.minute.getTime() / stepMs) * stepMs;
    let b = buckets.get(t);
    if (!b) buckets.set(t, (b = emptyBucket(t)));
    addRow(b, row);
    addRow(whole, row);
  }
  const series = [];
  // Every step in range, so charts show gaps as zero rather than joining across them.
  for (let t = Math.floor(query.from.getTime() / stepMs) * stepMs; t < query.to.getTime(); t += stepMs) {
    series.push({ t: new Date(t).toISOString(), ...view(buckets.get(t) ?? emptyBucket(t), query.stepSeconds) });
  }
  // Rollups are written when a minute ends: the range's figures cover whole minutes up to the last one written.
  const lastMinute = rows.at(-1)?.minute ?? null;
  const rangeSeconds = (query.to.getTime() - query.from.getTime()) / 1000;
  return {
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    stepSeconds: query.stepSeconds,
    host: query.host,
    upstream: query.upstream ?? null,
    node: query.node ?? null,
    /** The whole range in one: what the summary figures of a page that shows this range say. */
    summary: { ...view(whole, rangeSeconds), seconds: rangeSeconds, lastMinute: lastMinute ? new Date(lastMinute.getTime() + 60_000).toISOString() : null },
    ...(query.topHosts ? { topHosts: await topHosts(db, query.from, query.to, query.topHosts, query.node ?? null) } : {}),
    series,
  };
}

/**
 * The busiest hosts of the range: requests, and the answers that were errors or limits.
 * Summed in SQL: a week of a thousand hosts is millions of minute rows.
 */
async function topHosts(db: Db, from: Date, to: Date, limit: number, node: string | null) {
  const dialect = isPostgres(db) ? 'postgresql' : 'sqlite';
  const rows = await db.$queryRawUnsafe<{ key: string; requests: number | bigint; s4xx: number | bigint; s5xx: number | bigint; limited: number | bigint | null; limited4xx: number | bigint | null; limited5xx: number | bigint | null }[]>(
    topHostsQuery(dialect, node !== null),
    dateParam(dialect, from),
    dateParam(dialect, to),
    ...(node !== null ? [node] : []),
    limit,
  );
  return rows.map((r) => ({ host: r.key, requests: Number(r.requests), s4xx: Number(r.s4xx), s5xx: Number(r.s5xx), limited: Number(r.limited ?? 0), limited4xx: Number(r.limited4xx ?? 0), limited5xx: Number(r.limited5xx ?? 0) }));
}
