// Per-minute rollups, one row of StatsMinute each: the counts of a host, location,
// upstream server or all traffic over one minute, with its latency histogram in the
// sparse stored form so that minutes merge into hours or days exactly.
import { z } from 'zod';
import { UpstreamCounters, type TrafficCounters } from './counters.ts';
import { CACHE_NAMES, STATUS_CLASSES } from '../../core/contract/stats.ts';
import { BUCKET_COUNT, type SparseHistogram } from '../../core/stats/histogram.ts';
import { cacheCounts, statusClasses } from './snapshot.ts';

/** StatsMinute.latency (and the histograms inside counters): bucket index → count. */
export const LatencyHistogramJson = z
  .record(z.string().regex(/^\d{1,4}$/), z.number().int().positive())
  .refine((h) => Object.keys(h).every((k) => Number(k) < BUCKET_COUNT), { message: `bucket indexes must be below ${BUCKET_COUNT}` })
  .describe('A latency histogram: bucket index (see stats/histogram.ts LAYOUT) → count; empty buckets left out.');

const Count = z.number().int().nonnegative();

/** StatsMinute.counters. */
export const StatsCounters = z
  .object({
    codes: z.record(z.string().regex(/^\d{1,3}$/), Count).describe('Responses by exact status code.'),
    cache: z.object(Object.fromEntries(CACHE_NAMES.map((n) => [n, Count])) as Record<(typeof CACHE_NAMES)[number], typeof Count>),
    rateLimited: Count,
    rateLimitedDryRun: Count,
    connLimited: Count,
    connLimitedDryRun: Count,
    limitedStatus: z
      .object(Object.fromEntries(STATUS_CLASSES.map((n) => [n, Count])) as Record<(typeof STATUS_CLASSES)[number], typeof Count>)
      .optional()
      .describe('Answers to requests refused by a rate or connection limit, by status class (absent in rows written before it was counted).'),
    denied: Count,
    retries: Count,
    /** Upstream servers only. */
    fails: Count.optional(),
    wentDown: Count.optional(),
    wentUp: Count.optional(),
    connectMs: LatencyHistogramJson.optional().describe('Upstream connect time.'),
    firstByteMs: LatencyHistogramJson.optional().describe('Upstream time to the first response byte.'),
  })
  .describe('Cache statuses, limiter and upstream counts of one minute.');
export type StatsCounters = z.infer<typeof StatsCounters>;

export type RollupScope = 'total' | 'host' | 'location' | 'upstream';

/** One StatsMinute row (without id). */
export interface MinuteRollup {
  /** Start of the minute. */
  minute: Date;
  scope: RollupScope;
  /** Host name, location id, upstream address, or "" for total. */
  key: string;
  requests: number;
  s1xx: number;
  s2xx: number;
  s3xx: number;
  s4xx: number;
  s5xx: number;
  bytesIn: number;
  bytesOut: number;
  counters: StatsCounters;
  /** Client-side total time; for an upstream server, its response time. */
  latency: SparseHistogram;
}

export function rollupOf(minute: Date, scope: RollupScope, key: string, c: TrafficCounters): MinuteRollup {
  const codes: Record<string, number> = {};
  for (const [code, n] of [...c.codes].sort((a, b) => a[0] - b[0])) codes[code] = n;
  const counters: StatsCounters = {
    codes,
    cache: cacheCounts(c),
    rateLimited: c.rateLimited,
    rateLimitedDryRun: c.rateLimitedDryRun,
    connLimited: c.connLimited,
    connLimitedDryRun: c.connLimitedDryRun,
    limitedStatus: statusClasses(c, c.limitedStatus),
    denied: c.denied,
    retries: c.retries,
  };
  if (c instanceof UpstreamCounters) {
    Object.assign(counters, { fails: c.fails, wentDown: c.wentDown, wentUp: c.wentUp, connectMs: c.connect.toSparse(), firstByteMs: c.firstByte.toSparse() });
  }
  return {
    minute,
    scope,
    key,
    requests: c.requests,
    s1xx: c.statusClass[1]!,
    s2xx: c.statusClass[2]!,
    s3xx: c.statusClass[3]!,
    s4xx: c.statusClass[4]!,
    s5xx: c.statusClass[5]!,
    bytesIn: c.bytesIn,
    bytesOut: c.bytesOut,
    counters,
    latency: c.latency.toSparse(),
  };
}
