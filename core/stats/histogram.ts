// A log-linear latency histogram (the HDR histogram layout): a fixed set of buckets, so
// histograms from different seconds, minutes or engines merge by adding counts.
//
// Values are counted in units of 0.25 µs. Below 64 units (16 µs) every unit has its own
// bucket; above, each power of two is split into 32 equal buckets, so a bucket is at
// most 1/32 of its lower bound wide: reporting its middle is within 1.6 % of any value
// in it from 0.01 ms up. Values of 67.1 s and more share the last bucket.
//
// The layout is part of the stored format (per-minute rollups keep bucket indexes):
// changing it needs a new LAYOUT and a conversion of stored rows.

export const LAYOUT = 'log-linear:unit=0.25us:sub=32:buckets=768';

const UNITS_PER_MS = 4000;
const SUB_BITS = 5;
const SUB_COUNT = 1 << SUB_BITS; // 32 buckets per power of two
const LINEAR_LIMIT = SUB_COUNT * 2; // 64 units: exact below
const MAX_UNITS = 2 ** 28; // 67,108.864 ms
export const BUCKET_COUNT = ((28 - SUB_BITS) << SUB_BITS) + SUB_COUNT; // 768

/** Bucket lower and upper bounds and middles, in ms. */
const LOWER = new Float64Array(BUCKET_COUNT);
const UPPER = new Float64Array(BUCKET_COUNT);
const MIDDLE = new Float64Array(BUCKET_COUNT);
for (let i = 0; i < BUCKET_COUNT; i++) {
  let low: number;
  let high: number;
  if (i < LINEAR_LIMIT) {
    low = i;
    high = i + 1;
  } else {
    const exponent = (i >> SUB_BITS) + SUB_BITS - 1;
    const mantissa = (i & (SUB_COUNT - 1)) + SUB_COUNT;
    const shift = exponent - SUB_BITS;
    low = mantissa * 2 ** shift;
    high = (mantissa + 1) * 2 ** shift;
  }
  LOWER[i] = low / UNITS_PER_MS;
  UPPER[i] = high / UNITS_PER_MS;
  MIDDLE[i] = (low + high) / 2 / UNITS_PER_MS;
}

/** The bucket a latency in ms falls in. Negative and NaN values count as 0. */
export function bucketIndex(ms: number): number {
  const scaled = ms * UNITS_PER_MS;
  // `>= 0` is false for NaN as well.
  const units = scaled >= 0 ? (scaled < MAX_UNITS ? scaled | 0 : MAX_UNITS - 1) : 0;
  if (units < LINEAR_LIMIT) return units;
  const exponent = 31 - Math.clz32(units);
  return ((exponent - SUB_BITS) << SUB_BITS) + (units >>> (exponent - SUB_BITS));
}

export function bucketBounds(index: number): { lowerMs: number; upperMs: number; middleMs: number } {
  return { lowerMs: LOWER[index]!, upperMs: UPPER[index]!, middleMs: MIDDLE[index]! };
}

/** The stored form: bucket index → count, only non-empty buckets. */
export type SparseHistogram = Record<string, number>;

/**
 * Distinct buckets a histogram keeps as (index, count) pairs before it switches to the
 * full bucket array. Most of ten thousand hosts see a request a second or less: their
 * one-second and one-minute windows hold a few dozen values, ~1 KiB as pairs instead of
 * the array's 6 KiB. A busy host crosses the limit in its first second and then records
 * into the array (an index computation and an add).
 */
export const SPARSE_LIMIT = 48;

export class LatencyHistogram {
  // Empty (nothing allocated), sparse (#keys/#values: pairs, unordered) or dense (#dense).
  #dense: Float64Array | null = null;
  #keys: number[] | null = null;
  #values: number[] | null = null;
  count = 0;
  /** Exact sum of recorded values, in ms (Prometheus _sum). */
  sum = 0;
  min = Infinity;
  max = -Infinity;

  /** Every bucket's count (a copy unless the histogram holds the full array). */
  get counts(): Float64Array {
    if (this.#dense !== null) return this.#dense;
    const out = new Float64Array(BUCKET_COUNT);
    this.forEachBucket((index, n) => (out[index] = n));
    return out;
  }

  /** Whether the full bucket array is allocated (tests and memory figures). */
  get isDense(): boolean {
    return this.#dense !== null;
  }

  /** The hot path: an index computation and a few additions, no allocation once busy. */
  record(ms: number): void {
    const value = ms >= 0 ? ms : 0;
    const index = bucketIndex(value);
    const dense = this.#dense;
    if (dense !== null) dense[index]!++;
    else this.#addSparse(index, 1);
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Every non-empty bucket, in no particular order. */
  forEachBucket(fn: (index: number, count: number) => void): void {
    const dense = this.#dense;
    if (dense !== null) {
      if (this.count === 0) return;
      for (let i = 0; i < BUCKET_COUNT; i++) if (dense[i]! > 0) fn(i, dense[i]!);
      return;
    }
    const keys = this.#keys;
    const values = this.#values;
    if (keys === null || values === null) return;
    for (let i = 0; i < keys.length; i++) fn(keys[i]!, values[i]!);
  }

  merge(other: LatencyHistogram): void {
    if (other.count === 0) return;
    const theirs = other.#dense;
    if (theirs !== null) {
      const mine = this.#dense ?? this.#densify();
      for (let i = 0; i < BUCKET_COUNT; i++) mine[i]! += theirs[i]!;
    } else {
      other.forEachBucket((index, n) => this.#add(index, n));
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    if (this.count === 0) return;
    // A busy window keeps its array for the next one; a quiet one gives it back.
    if (this.#dense !== null && this.count >= BUCKET_COUNT) this.#dense.fill(0);
    else this.#dense = null;
    this.#keys = null;
    this.#values = null;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  #add(index: number, n: number): void {
    const dense = this.#dense;
    if (dense !== null) dense[index]! += n;
    else this.#addSparse(index, n);
  }

  #addSparse(index: number, n: number): void {
    const keys = this.#keys;
    if (keys === null) {
      this.#keys = [index];
      this.#values = [n];
      return;
    }
    const at = keys.indexOf(index);
    if (at >= 0) this.#values![at]! += n;
    else if (keys.length < SPARSE_LIMIT) {
      keys.push(index);
      this.#values!.push(n);
    } else this.#densify()[index]! += n;
  }

  #densify(): Float64Array {
    const dense = new Float64Array(BUCKET_COUNT);
    this.forEachBucket((index, n) => (dense[index] = n));
    this.#dense = dense;
    this.#keys = null;
    this.#values = null;
    return dense;
  }

  /** Non-empty buckets in ascending order, as parallel arrays. */
  #ascending(): { indexes: number[]; counts: number[] } {
    const pairs: [number, number][] = [];
    this.forEachBucket((index, n) => pairs.push([index, n]));
    // The array is walked in order already; pairs are not.
    if (this.#dense === null) pairs.sort((a, b) => a[0] - b[0]);
    return { indexes: pairs.map((p) => p[0]), counts: pairs.map((p) => p[1]) };
  }

  /**
   * The value at percentile p (0–100), nearest rank: the middle of the bucket holding
   * the ceil(p% × count)-th value, kept within the recorded min and max (so a histogram
   * of identical values reports them exactly). NaN when empty.
   */
  percentile(p: number): number {
    return this.percentiles([p])[0]!;
  }

  /** Several percentiles in one pass over the buckets; `ps` in ascending order. */
  percentiles(ps: readonly number[]): number[] {
    const out = new Array<number>(ps.length).fill(Number.NaN);
    if (this.count === 0) return out;
    const { indexes, counts } = this.#ascending();
    let next = 0;
    let seen = 0;
    for (let k = 0; k < indexes.length && next < ps.length; k++) {
      seen += counts[k]!;
      while (next < ps.length && seen >= rank(ps[next]!, this.count)) {
        out[next] = Math.min(this.max, Math.max(this.min, MIDDLE[indexes[k]!]!));
        next++;
      }
    }
    return out;
  }

  /**
   * Cumulative counts for Prometheus `le` bounds (ms, ascending). A bucket counts as
   * ≤ a bound when its lower edge is ≤ the bound, so a value exactly on a bound is
   * counted there; values up to one bucket width (≤ 3.1 %) above a bound may be too.
   */
  cumulative(boundsMs: readonly number[]): number[] {
    const out = new Array<number>(boundsMs.length).fill(0);
    const { indexes, counts } = this.#ascending();
    let b = 0;
    let seen = 0;
    for (let k = 0; k < indexes.length; k++) {
      while (b < boundsMs.length && LOWER[indexes[k]!]! > boundsMs[b]!) out[b++] = seen;
      seen += counts[k]!;
    }
    while (b < boundsMs.length) out[b++] = seen;
    return out;
  }

  toSparse(): SparseHistogram {
    const sparse: SparseHistogram = {};
    if (this.count === 0) return sparse;
    const { indexes, counts } = this.#ascending();
    for (let k = 0; k < indexes.length; k++) sparse[indexes[k]!] = counts[k]!;
    return sparse;
  }

  /** Rebuild from the stored form; sum, min and max come back as bucket middles. */
  static fromSparse(sparse: SparseHistogram): LatencyHistogram {
    const histogram = new LatencyHistogram();
    histogram.addSparse(sparse);
    return histogram;
  }

  /** Add a stored form into this histogram. Throws on indexes or counts it cannot hold. */
  addSparse(sparse: SparseHistogram): void {
    for (const [key, count] of Object.entries(sparse)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= BUCKET_COUNT || String(index) !== key) throw new RangeError(`bad bucket index "${key}"`);
      if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad count for bucket ${key}`);
      if (count === 0) continue;
      this.#add(index, count);
      this.count += count;
      this.sum += MIDDLE[index]! * count;
      if (MIDDLE[index]! < this.min) this.min = MIDDLE[index]!;
      if (MIDDLE[index]! > this.max) this.max = MIDDLE[index]!;
    }
  }
}

function rank(p: number, count: number): number {
  return Math.max(1, Math.ceil((Math.min(100, Math.max(0, p)) / 100) * count));
}
