// The counter objects the engine increments on the hot path. It resolves one per host,
// location and upstream server once (collector.host(name) …) and then only bumps
// fields: no strings are built and nothing is allocated per request.
import { LatencyHistogram } from '../../core/stats/histogram.ts';
import { CACHE_NAMES, type CacheStatus } from '../../core/contract/stats.ts';
import { StatusCodeCounts } from './status-code-counts.ts';

/** Index into TrafficCounters.cache: `s.cache[CACHE_INDEX[status]]++`. */
export const CACHE_INDEX: Readonly<Record<CacheStatus, number>> = Object.freeze({
  HIT: 0,
  MISS: 1,
  EXPIRED: 2,
  STALE: 3,
  UPDATING: 4,
  BYPASS: 5,
  REVALIDATED: 6,
});

/** Counters for a host, a location, or all traffic. Every field is a per-window count except `active`. */
export class TrafficCounters {
  /** Responses completed (or requests ended without one: status 0 / 499 / 444). */
  requests = 0;
  /** By status class: [0] no valid status, [1] 1xx … [5] 5xx. */
  readonly statusClass: number[] = zeros(6);
  /** By exact status code. */
  readonly codes = new StatusCodeCounts();
  /** Request bytes read from the client and response bytes written to it. */
  bytesIn = 0;
  bytesOut = 0;
  /** Gauge: requests in progress. Incremented at start, decremented at end; never reset. */
  active = 0;
  /** Requests refused by limit_req, and would-be refusals of dry-run rules. */
  rateLimited = 0;
  rateLimitedDryRun = 0;
  /** Requests refused by limit_conn (and dry-run would-be refusals). */
  connLimited = 0;
  connLimitedDryRun = 0;
  /**
   * Answers to requests that a rate or connection limit refused, by the class of the
   * status the client got (limit_req_status / limit_conn_status, 503 unless set): a
   * subset of statusClass, so a limit's 429 or 503 is told apart from an error.
   */
  get limitedStatus(): readonly number[] {
    return this.#limitedStatus ?? NO_CLASSES;
  }
  /** Requests refused by allow/deny or basic auth (403/401). */
  denied = 0;
  /** Cache statuses, indexed by CACHE_INDEX. */
  get cache(): readonly number[] {
    return this.#cache ?? NO_CACHE_STATUSES;
  }
  // Made on the first count: most windows of most hosts never see a limit or a cache
  // (two arrays of ~100 bytes in each of six windows per host; docs/benchmarks.md).
  #limitedStatus: number[] | null = null;
  #cache: number[] | null = null;
  /** Upstream attempts beyond the first (proxy_next_upstream). */
  retries = 0;
  /** Client-side total time, accept to last byte, in ms. */
  readonly latency: LatencyHistogram;

  /** `histogram` makes each latency histogram (the totals since start keep only Prometheus' bounds: BoundedLatency). */
  constructor(histogram: () => LatencyHistogram = newHistogram) {
    this.latency = histogram();
  }

  /** Count one finished request: status, bytes both ways and its total time. */
  response(status: number, bytesIn: number, bytesOut: number, totalMs: number): void {
    this.requests++;
    this.statusClass[statusClassIndex(status)]!++;
    this.codes.add(status);
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
    this.latency.record(totalMs);
  }

  /** The request was refused by a limit; counted next to response() at its end. */
  limitedResponse(status: number): void {
    (this.#limitedStatus ??= zeros(6))[statusClassIndex(status)]!++;
  }

  cacheStatus(status: CacheStatus): void {
    (this.#cache ??= zeros(CACHE_NAMES.length))[CACHE_INDEX[status]]!++;
  }

  /** Set the limited-status and cache counts as a whole (counters rebuilt from a transfer). */
  setLimitedAndCache(limitedStatus: readonly number[], cache: readonly number[]): void {
    this.#limitedStatus = limitedStatus.some((n) => n !== 0) ? copyInto(zeros(6), limitedStatus) : null;
    this.#cache = cache.some((n) => n !== 0) ? copyInto(zeros(CACHE_NAMES.length), cache) : null;
  }

  /** Add another window's counts (the gauge is taken as it is, not added). */
  absorb(other: TrafficCounters): void {
    this.requests += other.requests;
    addArray(this.statusClass, other.statusClass);
    for (const [code, n] of other.codes) this.codes.add(code, n);
    this.bytesIn += other.bytesIn;
    this.bytesOut += other.bytesOut;
    this.active = other.active;
    this.rateLimited += other.rateLimited;
    this.rateLimitedDryRun += other.rateLimitedDryRun;
    this.connLimited += other.connLimited;
    this.connLimitedDryRun += other.connLimitedDryRun;
    if (other.#limitedStatus !== null) addArray((this.#limitedStatus ??= zeros(6)), other.#limitedStatus);
    this.denied += other.denied;
    if (other.#cache !== null) addArray((this.#cache ??= zeros(CACHE_NAMES.length)), other.#cache);
    this.retries += other.retries;
    this.latency.merge(other.latency);
  }

  /** Start a new window: every count to zero, the gauge kept. */
  clearWindow(): void {
    this.requests = 0;
    this.statusClass.fill(0);
    this.codes.clear();
    this.bytesIn = 0;
    this.bytesOut = 0;
    this.rateLimited = 0;
    this.rateLimitedDryRun = 0;
    this.connLimited = 0;
    this.connLimitedDryRun = 0;
    // Kept once made: a host that saw a limit or a cache once likely sees it again.
    this.#limitedStatus?.fill(0);
    this.denied = 0;
    this.#cache?.fill(0);
    this.retries = 0;
    this.latency.reset();
  }

  /**
   * Whether the window counted nothing at all (the gauge aside): absorbing it changes no
   * count, so the aggregator's tick can skip it (ten thousand hosts, most of them quiet).
   */
  hasNoCounts(): boolean {
    return this.requests === 0 && this.latency.count === 0 && this.codes.size === 0 && this.bytesIn === 0 && this.bytesOut === 0 && this.rateLimited === 0 && this.rateLimitedDryRun === 0 && this.connLimited === 0 && this.connLimitedDryRun === 0 && this.denied === 0 && this.retries === 0 && this.#limitedAndCacheEmpty();
  }

  #limitedAndCacheEmpty(): boolean {
    const limited = this.#limitedStatus;
    const cache = this.#cache;
    if (limited !== null) for (let i = 0; i < limited.length; i++) if (limited[i] !== 0) return false;
    if (cache !== null) for (let i = 0; i < cache.length; i++) if (cache[i] !== 0) return false;
    return true;
  }

  /** Whether the window has anything worth reporting. */
  isIdle(): boolean {
    return this.requests === 0 && this.active === 0 && this.rateLimited === 0 && this.connLimited === 0 && this.denied === 0 && this.rateLimitedDryRun === 0 && this.connLimitedDryRun === 0;
  }
}

/** Counters for one upstream server (keyed by address; a reload keeps them). */
export class UpstreamCounters extends TrafficCounters {
  /** Attempts that failed (connect error, timeout, invalid header) and count towards max_fails. */
  fails = 0;
  /** Health transitions, from passive (max_fails) or active checks. */
  wentDown = 0;
  wentUp = 0;
  /** Time to connect (0 for a reused keep-alive connection), to the first response byte, and in total, in ms. */
  readonly connect: LatencyHistogram;
  readonly firstByte: LatencyHistogram;

  constructor(histogram: () => LatencyHistogram = newHistogram) {
    super(histogram);
    this.connect = histogram();
    this.firstByte = histogram();
  }

  /**
   * Count one upstream attempt that got a response. `latency` (inherited) is the
   * upstream total; bytes are as sent to and received from the upstream.
   */
  attempt(status: number, connectMs: number, firstByteMs: number, totalMs: number, bytesSent: number, bytesReceived: number): void {
    this.response(status, bytesSent, bytesReceived, totalMs);
    this.connect.record(connectMs);
    this.firstByte.record(firstByteMs);
  }

  override absorb(other: TrafficCounters): void {
    super.absorb(other);
    if (!(other instanceof UpstreamCounters)) return;
    this.fails += other.fails;
    this.wentDown += other.wentDown;
    this.wentUp += other.wentUp;
    this.connect.merge(other.connect);
    this.firstByte.merge(other.firstByte);
  }

  override clearWindow(): void {
    super.clearWindow();
    this.fails = 0;
    this.wentDown = 0;
    this.wentUp = 0;
    this.connect.reset();
    this.firstByte.reset();
  }

  override isIdle(): boolean {
    return super.isIdle() && this.fails === 0 && this.wentDown === 0 && this.wentUp === 0;
  }

  override hasNoCounts(): boolean {
    return super.hasNoCounts() && this.fails === 0 && this.wentDown === 0 && this.wentUp === 0 && this.connect.count === 0 && this.firstByte.count === 0;
  }
}

function newHistogram(): LatencyHistogram {
  return new LatencyHistogram();
}

/** Index into statusClass and limitedStatus: [0] no valid status, [1] 1xx … [5] 5xx. */
function statusClassIndex(status: number): number {
  return status >= 100 && status < 600 ? (status / 100) | 0 : 0;
}

/**
 * Plain arrays of small integers, not Float64Arrays: ten thousand hosts hold six counter
 * objects each, and a 6-element Float64Array costs 264 bytes against ~100.
 */
function zeros(n: number): number[] {
  // Exactly n slots (push would grow the backing store to 17).
  return new Array<number>(n).fill(0);
}

/** What a window reads before its first limited answer or cache status. */
const NO_CLASSES: readonly number[] = Object.freeze(zeros(6));
const NO_CACHE_STATUSES: readonly number[] = Object.freeze(zeros(CACHE_NAMES.length));

function copyInto(into: number[], from: readonly number[]): number[] {
  for (let i = 0; i < into.length && i < from.length; i++) into[i] = from[i]!;
  return into;
}

function addArray(into: number[], from: readonly number[]): void {
  for (let i = 0; i < into.length; i++) into[i]! += from[i]!;
}
