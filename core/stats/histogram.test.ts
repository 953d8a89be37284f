import { describe, expect, it } from 'vitest';
import { BUCKET_COUNT, bucketBounds, bucketIndex, LatencyHistogram } from './histogram.ts';

function histogramOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}
const repeat = (value: number, n: number): number[] => Array(n).fill(value);

describe('bucket layout', () => {
  it('has 768 buckets, in order, each holding its values', () => {
    expect(BUCKET_COUNT).toBe(768);
    let previous = 0;
    for (let units = 0; units < 2 ** 28; units += units < 4096 ? 1 : 4093) {
      const ms = units / 4000;
      const index = bucketIndex(ms);
      if (index < previous) throw new Error(`bucket ${index} after ${previous}`);
      const { lowerMs, upperMs } = bucketBounds(index);
      if (!(ms >= lowerMs && ms < upperMs)) throw new Error(`${ms} ms not in bucket ${index} [${lowerMs}, ${upperMs})`);
      previous = index;
    }
  });

  const cases: { desc: string; config: number; expected: number }[] = [0.01, 0.013, 0.5, 1, 20, 200, 1234.5, 59_999].map((ms) => ({ desc: `${ms} ms`, config: ms, expected: ms }));
  it.each(cases)('reports $desc within 1.6 %', ({ config, expected }) => {
    const middle = bucketBounds(bucketIndex(config)).middleMs;
    expect(Math.abs(middle - expected) / expected).toBeLessThanOrEqual(0.016);
  });

  it('puts negative and NaN values at 0 and huge ones in the last bucket', () => {
    expect(bucketIndex(-5)).toBe(0);
    expect(bucketIndex(Number.NaN)).toBe(0);
    expect(bucketIndex(1e12)).toBe(BUCKET_COUNT - 1);
    expect(bucketIndex(Infinity)).toBe(BUCKET_COUNT - 1);
  });
});

describe('percentiles', () => {
  const cases: { desc: string; config: number[]; expected: { p50: number; p95: number; p99: number } }[] = [
    { desc: '90 × 20 ms + 10 × 200 ms', config: [...repeat(20, 90), ...repeat(200, 10)], expected: { p50: 20, p95: 200, p99: 200 } },
    { desc: '95 × 20 ms + 5 × 200 ms', config: [...repeat(20, 95), ...repeat(200, 5)], expected: { p50: 20, p95: 20, p99: 200 } },
    { desc: '99 × 20 ms + 1 × 200 ms', config: [...repeat(200, 1), ...repeat(20, 99)], expected: { p50: 20, p95: 20, p99: 20 } },
    { desc: '50 × 20 ms + 50 × 200 ms', config: [...repeat(20, 50), ...repeat(200, 50)], expected: { p50: 20, p95: 200, p99: 200 } },
    { desc: '1..1000 ms', config: Array.from({ length: 1000 }, (_, i) => i + 1), expected: { p50: 500, p95: 950, p99: 990 } },
    { desc: '19.3 and 21.7 ms', config: [...repeat(19.3, 60), ...repeat(21.7, 40)], expected: { p50: 19.3, p95: 21.7, p99: 21.7 } },
  ];
  it.each(cases)('$desc', ({ config, expected }) => {
    const h = histogramOf(config);
    const [p50, p95, p99] = h.percentiles([50, 95, 99]);
    const got = { p50: p50!, p95: p95!, p99: p99! };
    for (const key of ['p50', 'p95', 'p99'] as const) {
      // In the right bucket, so within its 1.6 % of the true value.
      expect(bucketIndex(got[key])).toBe(bucketIndex(expected[key]));
      expect(Math.abs(got[key] - expected[key]) / expected[key]).toBeLessThanOrEqual(0.016);
    }
  });

  it('is exact for identical values, min and max', () => {
    const h = histogramOf(repeat(20, 10));
    expect(h.percentiles([0, 50, 99, 100])).toEqual([20, 20, 20, 20]);
    const mixed = histogramOf([3.3, 47, 1000]);
    expect(mixed.percentile(0)).toBe(3.3);
    expect(mixed.percentile(100)).toBe(1000);
  });

  it('is NaN when empty', () => {
    expect(new LatencyHistogram().percentile(50)).toBeNaN();
  });
});

describe('merge, reset and the stored form', () => {
  it('merging equals recording everything in one', () => {
    const a = [...repeat(20, 90), 0.2, 15_000];
    const b = [...repeat(200, 10), 0.05];
    const merged = histogramOf(a);
    merged.merge(histogramOf(b));
    const direct = histogramOf([...a, ...b]);
    expect(Array.from(merged.counts)).toEqual(Array.from(direct.counts));
    expect([merged.count, merged.sum, merged.min, merged.max]).toEqual([direct.count, direct.sum, direct.min, direct.max]);
    expect(merged.percentiles([50, 95, 99])).toEqual(direct.percentiles([50, 95, 99]));
  });

  it('round-trips through the sparse form', () => {
    const h = histogramOf([...repeat(20, 90), ...repeat(200, 10)]);
    const sparse = h.toSparse();
    expect(Object.keys(sparse)).toHaveLength(2);
    expect(Object.values(sparse).sort((x, y) => x - y)).toEqual([10, 90]);
    const back = LatencyHistogram.fromSparse(JSON.parse(JSON.stringify(sparse)) as Record<string, number>);
    expect(Array.from(back.counts)).toEqual(Array.from(h.counts));
    expect(back.count).toBe(100);
    expect(back.percentiles([50, 99]).map((v) => bucketIndex(v))).toEqual([bucketIndex(20), bucketIndex(200)]);
    expect(Math.abs(back.sum - h.sum) / h.sum).toBeLessThan(0.016);
  });

  it('refuses a stored form it cannot hold', () => {
    expect(() => LatencyHistogram.fromSparse({ '768': 1 })).toThrow(RangeError);
    expect(() => LatencyHistogram.fromSparse({ '01': 1 })).toThrow(RangeError);
    expect(() => LatencyHistogram.fromSparse({ x: 1 })).toThrow(RangeError);
    expect(() => LatencyHistogram.fromSparse({ '5': 1.5 })).toThrow(RangeError);
  });

  it('resets to empty', () => {
    const h = histogramOf([1, 2, 3]);
    h.reset();
    expect([h.count, h.sum, h.counts.every((c) => c === 0)]).toEqual([0, 0, true]);
    expect(h.toSparse()).toEqual({});
  });
});

describe('cumulative buckets for Prometheus', () => {
  it('counts values up to each bound, a value on a bound included', () => {
    const h = histogramOf([0.5, 1, 5, 5.5, 100, 70_000]);
    expect(h.cumulative([1, 5, 100, 60_000])).toEqual([2, 3, 5, 5]);
    expect(h.count).toBe(6);
  });
});

describe('memory', () => {
  it('allocates no buckets until the first value', () => {
    const idle = new LatencyHistogram();
    expect(idle.percentile(50)).toBeNaN();
    expect(idle.toSparse()).toEqual({});
    idle.merge(new LatencyHistogram());
    idle.reset();
    expect(idle.counts.every((c) => c === 0)).toBe(true);
    const used = new LatencyHistogram();
    used.record(12);
    expect(used.counts.some((c) => c === 1)).toBe(true);
    // The shared empty array was not written to.
    expect(new LatencyHistogram().counts.every((c) => c === 0)).toBe(true);
  });
});
