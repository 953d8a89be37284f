import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../core/stats/histogram.ts';
import { BoundedLatency } from './bounded-latency.ts';
import { LE_MS } from './prometheus-bounds.ts';

function spread(n: number): number[] {
  let x = 7;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return (x / 2 ** 31) ** 4 * 90_000;
  });
}

describe('latency totals kept at the Prometheus bounds', () => {
  it('read exactly what a full histogram reads at those bounds', () => {
    const values = [...spread(5000), 1, 2.5, 5, 10, 60_000, 0, -3, Number.NaN];
    const full = new LatencyHistogram();
    const bounded = new BoundedLatency(LE_MS);
    for (const v of values) {
      full.record(v);
      bounded.record(v);
    }
    expect(bounded.cumulative(LE_MS)).toEqual(full.cumulative(LE_MS));
    expect([bounded.count, bounded.sum]).toEqual([full.count, full.sum]);
  });

  it('absorb windows (sparse and dense) and other totals exactly', () => {
    const values = spread(3000);
    const full = new LatencyHistogram();
    const bounded = new BoundedLatency(LE_MS);
    const other = new BoundedLatency(LE_MS);
    for (let i = 0; i < values.length; i += 10) {
      const window = new LatencyHistogram();
      for (const v of values.slice(i, i + 10 + (i % 700))) window.record(v);
      full.merge(window);
      (i % 20 === 0 ? bounded : other).merge(window);
    }
    bounded.merge(other);
    expect(bounded.cumulative(LE_MS)).toEqual(full.cumulative(LE_MS));
    expect(bounded.count).toBe(full.count);
    // The same values added in another order: equal up to floating-point rounding.
    expect(Math.abs(bounded.sum - full.sum) / full.sum).toBeLessThan(1e-12);
  });

  it('refuse what they cannot answer instead of answering wrong', () => {
    const bounded = new BoundedLatency(LE_MS);
    bounded.record(3);
    expect(() => bounded.percentiles([50])).toThrow(RangeError);
    expect(() => bounded.cumulative([1, 2])).toThrow(RangeError);
    expect(() => new LatencyHistogram().merge(bounded)).toThrow(RangeError);
  });
});
