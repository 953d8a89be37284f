// The latency totals since start, kept only as /metrics exposes them: a count per
// Prometheus `le` interval, the count and the exact sum. A full histogram per host (6 KiB
// once it has seen enough distinct latencies) would make ten thousand hosts cost
// hundreds of MB for figures that are only ever read at these bounds.
//
// Exact, not an approximation: a value is folded into the interval of its histogram
// bucket, the same rule LatencyHistogram.cumulative() applies (a bucket counts as ≤ a
// bound when its lower edge is), so the scrape reads what it read from a full histogram.
import { BUCKET_COUNT, LatencyHistogram, bucketBounds, bucketIndex, type SparseHistogram } from '../../core/stats/histogram.ts';

export class BoundedLatency extends LatencyHistogram {
  readonly boundsMs: readonly number[];
  /** Bucket index → interval: the first bound at or above the bucket's lower edge. */
  readonly #intervalOf: Uint8Array;
  /**
   * Counts per interval; the last one is above every bound (+Inf only). A plain array:
   * two per host, and a 16-slot Float64Array costs ≈ 300 bytes with its buffer outside
   * the heap against ≈ 180 (docs/benchmarks.md, "Compiled runtime per host").
   */
  readonly #intervals: number[];

  constructor(boundsMs: readonly number[]) {
    super();
    this.boundsMs = boundsMs;
    this.#intervalOf = intervalMap(boundsMs);
    this.#intervals = new Array<number>(boundsMs.length + 1).fill(0);
  }

  override record(ms: number): void {
    const value = ms >= 0 ? ms : 0;
    this.#intervals[this.#intervalOf[bucketIndex(value)]!]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  override merge(other: LatencyHistogram): void {
    if (other.count === 0) return;
    if (other instanceof BoundedLatency) {
      if (!sameBounds(other.boundsMs, this.boundsMs)) throw new RangeError('cannot merge totals kept at other bounds');
      for (let i = 0; i < this.#intervals.length; i++) this.#intervals[i]! += other.#intervals[i]!;
    } else {
      other.forEachBucket((index, n) => (this.#intervals[this.#intervalOf[index]!]! += n));
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  override reset(): void {
    this.#intervals.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  override forEachBucket(): void {
    throw new RangeError('totals kept at Prometheus bounds have no buckets');
  }

  override get counts(): Float64Array {
    throw new RangeError('totals kept at Prometheus bounds have no buckets');
  }

  override get isDense(): boolean {
    return false;
  }

  override percentiles(_ps: readonly number[]): number[] {
    throw new RangeError('totals kept at Prometheus bounds have no percentiles');
  }

  override cumulative(boundsMs: readonly number[]): number[] {
    if (!sameBounds(boundsMs, this.boundsMs)) throw new RangeError('totals are kept at other bounds');
    const out = new Array<number>(boundsMs.length);
    let seen = 0;
    for (let b = 0; b < boundsMs.length; b++) out[b] = seen += this.#intervals[b]!;
    return out;
  }

  override toSparse(): SparseHistogram {
    throw new RangeError('totals kept at Prometheus bounds have no stored form');
  }

  override addSparse(sparse: SparseHistogram): void {
    this.merge(LatencyHistogram.fromSparse(sparse));
  }
}

/** One map per bounds array: every host's totals share it. */
const intervalMaps = new WeakMap<readonly number[], Uint8Array>();

function intervalMap(boundsMs: readonly number[]): Uint8Array {
  let map = intervalMaps.get(boundsMs);
  if (!map) intervalMaps.set(boundsMs, (map = buildIntervalMap(boundsMs)));
  return map;
}

function buildIntervalMap(boundsMs: readonly number[]): Uint8Array {
  if (boundsMs.length > 254) throw new RangeError('too many bounds');
  const map = new Uint8Array(BUCKET_COUNT);
  let b = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    const lower = bucketBounds(i).lowerMs;
    while (b < boundsMs.length && lower > boundsMs[b]!) b++;
    map[i] = b;
  }
  return map;
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}
