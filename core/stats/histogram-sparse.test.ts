// The sparse form (few distinct buckets, kept as pairs) must read exactly as the full
// bucket array would: every figure is compared with a histogram forced dense.
import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, LatencyHistogram, SPARSE_LIMIT } from './histogram.ts';

/** A deterministic spread of latencies (no Math.random: a failure must reproduce). */
function latencies(n: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31) ** 3 * 500;
  });
}

/** A histogram that holds the full bucket array (a busy window keeps it when reset). */
function forcedDense(): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let i = 0; i < BUCKET_COUNT; i++) h.record(i * 0.01);
  h.reset();
  return h;
}

describe('sparse and dense histograms', () => {
  it('stay sparse below the limit and switch to the array above it', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < SPARSE_LIMIT; i++) h.record(i * 0.01);
    expect(h.isDense).toBe(false);
    h.record(1000);
    expect(h.isDense).toBe(true);
    expect(h.count).toBe(SPARSE_LIMIT + 1);
  });

  it('give the same percentiles, cumulative counts and stored form either way', () => {
    for (const n of [1, 5, 30, 47, 48, 49, 200]) {
      const values = latencies(n, n);
      const sparse = new LatencyHistogram();
      for (const v of values) sparse.record(v);
      const reference = forcedDense();
      expect(reference.isDense).toBe(true);
      for (const v of values) reference.record(v);
      expect(sparse.percentiles([50, 95, 99])).toEqual(reference.percentiles([50, 95, 99]));
      expect(sparse.cumulative([1, 5, 10, 100, 250])).toEqual(reference.cumulative([1, 5, 10, 100, 250]));
      expect(sparse.toSparse()).toEqual(reference.toSparse());
      expect(Array.from(sparse.counts)).toEqual(Array.from(reference.counts));
      expect([sparse.count, sparse.sum, sparse.min, sparse.max]).toEqual([reference.count, reference.sum, reference.min, reference.max]);
    }
  });

  it('merge sparse into dense, dense into sparse and sparse into sparse exactly', () => {
    const a = latencies(20, 1);
    const b = latencies(300, 2);
    const both = new LatencyHistogram();
    for (const v of [...a, ...b]) both.record(v);
    const small = new LatencyHistogram();
    for (const v of a) small.record(v);
    const large = new LatencyHistogram();
    for (const v of b) large.record(v);
    const intoSmall = new LatencyHistogram();
    intoSmall.merge(small);
    intoSmall.merge(large);
    const intoLarge = new LatencyHistogram();
    intoLarge.merge(large);
    intoLarge.merge(small);
    for (const merged of [intoSmall, intoLarge]) {
      expect(merged.toSparse()).toEqual(both.toSparse());
      expect(merged.count).toBe(both.count);
    }
    const denseSmall = forcedDense();
    denseSmall.merge(small);
    expect(denseSmall.toSparse()).toEqual(small.toSparse());
  });

  it('a quiet window gives its array back when reset; a busy one keeps it', () => {
    const quiet = new LatencyHistogram();
    for (let i = 0; i < SPARSE_LIMIT + 1; i++) quiet.record(i * 0.01);
    quiet.reset();
    expect(quiet.isDense).toBe(false);
    const busy = new LatencyHistogram();
    for (let i = 0; i < BUCKET_COUNT; i++) busy.record(i * 0.01);
    busy.reset();
    expect(busy.isDense).toBe(true);
    expect([busy.count, busy.toSparse()]).toEqual([0, {}]);
  });
});
