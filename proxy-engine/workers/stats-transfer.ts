// A worker's statistics, carried to the main thread once a second and merged there into
// the one collector the aggregator, the SSE stream and /metrics read: counts are added
// and histograms merged bucket by bucket (exact: the buckets are the same everywhere),
// so the engine reports as one. The in-progress gauge (`active`) is not a count: each
// worker reports its own, and the main thread's figure is the sum of the latest ones.
import { LatencyHistogram, type SparseHistogram } from '../../core/stats/histogram.ts';
import { TrafficCounters, UpstreamCounters } from '../stats/counters.ts';
import type { Scope, StatsCollector } from '../stats/collector.ts';

interface HistogramData {
  buckets: SparseHistogram;
  count: number;
  sum: number;
  min: number;
  max: number;
}

export interface CountersData {
  scope: Scope;
  key: string;
  host: string;
  requests: number;
  statusClass: number[];
  codes: [number, number][];
  bytesIn: number;
  bytesOut: number;
  active: number;
  rateLimited: number;
  rateLimitedDryRun: number;
  connLimited: number;
  connLimitedDryRun: number;
  limitedStatus: number[];
  denied: number;
  cache: number[];
  retries: number;
  latency: HistogramData;
  upstream?: { fails: number; wentDown: number; wentUp: number; connect: HistogramData; firstByte: HistogramData };
}

export interface StatsReport {
  entities: CountersData[];
  /** Connections open on this worker's listeners now. */
  connections: number;
}

const histogramData = (h: LatencyHistogram): HistogramData => ({ buckets: h.toSparse(), count: h.count, sum: h.sum, min: h.min, max: h.max });

function histogramOf(data: HistogramData): LatencyHistogram {
  const h = LatencyHistogram.fromSparse(data.buckets);
  // The exact figures, not the bucket middles fromSparse estimates them by.
  h.sum = data.sum;
  h.min = data.min;
  h.max = data.max;
  return h;
}

function countersData(scope: Scope, key: string, host: string, c: TrafficCounters): CountersData {
  const data: CountersData = {
    scope,
    key,
    host,
    requests: c.requests,
    statusClass: [...c.statusClass],
    codes: [...c.codes],
    bytesIn: c.bytesIn,
    bytesOut: c.bytesOut,
    active: c.active,
    rateLimited: c.rateLimited,
    rateLimitedDryRun: c.rateLimitedDryRun,
    connLimited: c.connLimited,
    connLimitedDryRun: c.connLimitedDryRun,
    limitedStatus: [...c.limitedStatus],
    denied: c.denied,
    cache: [...c.cache],
    retries: c.retries,
    latency: histogramData(c.latency),
  };
  if (c instanceof UpstreamCounters) data.upstream = { fails: c.fails, wentDown: c.wentDown, wentUp: c.wentUp, connect: histogramData(c.connect), firstByte: histogramData(c.firstByte) };
  return data;
}

function countersOf(data: CountersData): TrafficCounters {
  const c = data.upstream ? new UpstreamCounters() : new TrafficCounters();
  c.requests = data.requests;
  c.statusClass.splice(0, data.statusClass.length, ...data.statusClass);
  for (const [code, n] of data.codes) c.codes.set(code, n);
  c.bytesIn = data.bytesIn;
  c.bytesOut = data.bytesOut;
  c.active = data.active;
  c.rateLimited = data.rateLimited;
  c.rateLimitedDryRun = data.rateLimitedDryRun;
  c.connLimited = data.connLimited;
  c.connLimitedDryRun = data.connLimitedDryRun;
  c.denied = data.denied;
  c.setLimitedAndCache(data.limitedStatus, data.cache);
  c.retries = data.retries;
  c.latency.merge(histogramOf(data.latency));
  if (data.upstream && c instanceof UpstreamCounters) {
    c.fails = data.upstream.fails;
    c.wentDown = data.upstream.wentDown;
    c.wentUp = data.upstream.wentUp;
    c.connect.merge(histogramOf(data.upstream.connect));
    c.firstByte.merge(histogramOf(data.upstream.firstByte));
  }
  return c;
}

/**
 * The worker's side: what its collector counted since the last report, and the window
 * cleared (as the aggregator's tick does in a single-threaded engine). Entities with
 * nothing new and an unchanged gauge are left out.
 */
export function takeReport(collector: StatsCollector, sentActive: Map<string, number>, connections: number): StatsReport {
  const entities: CountersData[] = [];
  const scopes = [collector.hosts(), collector.locations(), collector.upstreams()];
  for (const entities_ of scopes) {
    for (const entity of entities_) {
      const id = `${entity.scope}|${entity.key}`;
      const live = entity.live;
      if (live.isIdle() && (sentActive.get(id) ?? 0) === live.active) continue;
      entities.push(countersData(entity.scope, entity.key, entity.host, live));
      sentActive.set(id, live.active);
      live.clearWindow();
    }
  }
  // Entities of removed hosts with nothing left to count leave the worker's collector.
  collector.sweep();
  return { entities, connections };
}

/** The main thread's side: every worker's reports added into the engine's collector. */
export class StatsMerger {
  readonly #collector: StatsCollector;
  /** Per worker, the gauge it last reported per entity: the engine's gauge is their sum. */
  readonly #active = new Map<number, Map<string, number>>();
  /** Requests each worker finished (its hosts' counts), since the engine started. */
  readonly #requests = new Map<number, number>();

  constructor(collector: StatsCollector) {
    this.#collector = collector;
  }

  merge(worker: number, report: StatsReport): void {
    let active = this.#active.get(worker);
    if (!active) this.#active.set(worker, (active = new Map()));
    for (const data of report.entities) {
      const live = this.#live(data.scope, data.key, data.host);
      const id = `${data.scope}|${data.key}`;
      const gauge = live.active + data.active - (active.get(id) ?? 0);
      live.absorb(countersOf(data));
      live.active = gauge;
      active.set(id, data.active);
      if (data.scope === 'host') this.#requests.set(worker, (this.#requests.get(worker) ?? 0) + data.requests);
    }
  }

  /** A worker ended: the requests it had in progress are no longer in progress. */
  forget(worker: number): void {
    const active = this.#active.get(worker);
    this.#active.delete(worker);
    if (!active) return;
    for (const [id, n] of active) {
      if (n === 0) continue;
      const [scope, ...rest] = id.split('|');
      const entity = this.#find(scope as Scope, rest.join('|'));
      if (entity) entity.active -= n;
    }
  }

  requests(worker: number): number {
    return this.#requests.get(worker) ?? 0;
  }

  #live(scope: Scope, key: string, host: string): TrafficCounters {
    if (scope === 'host') return this.#collector.host(key);
    if (scope === 'location') return this.#collector.location(key, host);
    return this.#collector.upstream(key);
  }

  #find(scope: Scope, key: string): TrafficCounters | undefined {
    const entities = scope === 'host' ? this.#collector.hosts() : scope === 'location' ? this.#collector.locations() : this.#collector.upstreams();
    for (const entity of entities) if (entity.key === key) return entity.live;
    return undefined;
  }
}
