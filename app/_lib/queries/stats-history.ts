// Statistics history from the per-minute rollups: buckets of a chosen step over a range,
// with latency percentiles from merged histograms (exact merges, not averaged averages).
import type { Db } from '@/proxy-engine/db/client.ts';
import { LatencyHistogram } from '@/proxy-engine/stats/histogram.ts';
import { CACHE_NAMES } from '@/proxy-engine/stats/counters.ts';

export interface HistoryQuery {
  from: Date;
  to: Date;
  /** "total", or one host name. */
  host: string | null;
  /** One upstream server's address instead of a host. */
  upstream?: string | null;
  stepSeconds: number;
}

interface Bucket {
  t: number;
  requests: number;
  status: { '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  cache: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
  histogram: LatencyHistogram;
}

function emptyBucket(t: number): Bucket {
  return { t, requests: 0, status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, cache: Object.fromEntries(CACHE_NAMES.map((n) => [n, 0])), bytesIn: 0, bytesOut: 0, histogram: new LatencyHistogram() };
}

export async function statsHistory(db: Db, query: HistoryQuery) {
  const rows = await db.statsMinute.findMany({
    where: {
      ...(query.upstream ? { scope: 'upstream', key: query.upstream } : { scope: query.host ? 'host' : 'total', key: query.host ?? '' }),
      minute: { gte: query.from, lt: query.to },
    },
    orderBy: { minute: 'asc' },
  });
  const stepMs = query.stepSeconds * 1000;
  const buckets = new Map<number, Bucket>();
  for (const row of rows) {
    const t = Math.floor(row.minute.getTime() / stepMs) * stepMs;
    let b = buckets.get(t);
    if (!b) buckets.set(t, (b = emptyBucket(t)));
    b.requests += row.requests;
    b.status['1xx'] += row.s1xx;
    b.status['2xx'] += row.s2xx;
    b.status['3xx'] += row.s3xx;
    b.status['4xx'] += row.s4xx;
    b.status['5xx'] += row.s5xx;
    b.bytesIn += Number(row.bytesIn);
    b.bytesOut += Number(row.bytesOut);
    const counters = row.counters as { cache?: Record<string, number> };
    for (const name of CACHE_NAMES) b.cache[name]! += counters.cache?.[name] ?? 0;
    b.histogram.addSparse(row.latency as Record<string, number>);
  }
  const series = [];
  // Every step in range, so charts show gaps as zero rather than joining across them.
  for (let t = Math.floor(query.from.getTime() / stepMs) * stepMs; t < query.to.getTime(); t += stepMs) {
    const b = buckets.get(t) ?? emptyBucket(t);
    const [p50, p95, p99] = b.histogram.count > 0 ? b.histogram.percentiles([50, 95, 99]) : [null, null, null];
    series.push({ t: new Date(t).toISOString(), requests: b.requests, ratePerSecond: b.requests / query.stepSeconds, status: b.status, cache: b.cache, bytesIn: b.bytesIn, bytesOut: b.bytesOut, latencyMs: p50 === null ? null : { p50, p95, p99 } });
  }
  return { from: query.from.toISOString(), to: query.to.toISOString(), stepSeconds: query.stepSeconds, host: query.host, upstream: query.upstream ?? null, series };
}
