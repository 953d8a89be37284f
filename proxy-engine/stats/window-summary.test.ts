import { describe, expect, it } from 'vitest';
import { StatsAggregator } from './aggregator.ts';
import { StatsCollector } from './collector.ts';
import { summarizeRing } from './window-summary.ts';

describe('window summary', () => {
  it('sums the seconds that start inside [from, to) and weights upstream p99 by requests', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0, 100);
    const collector = new StatsCollector();
    const aggregator = new StatsAggregator({ collector, now: () => now });
    const second = (ok: number, errors: number, upstreamMs: number) => {
      const host = collector.host('a.test');
      for (let i = 0; i < ok; i++) host.response(200, 10, 10, upstreamMs);
      for (let i = 0; i < errors; i++) host.response(502, 10, 10, 1);
      const up = collector.upstream('127.0.0.1:9000');
      for (let i = 0; i < ok; i++) up.attempt(200, 1, 1, upstreamMs, 10, 10);
      now += 1000;
      aggregator.tick();
    };
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    second(10, 0, 20); // t0
    second(30, 0, 100); // t0 + 1 s
    second(0, 5, 1); // t0 + 2 s
    second(1, 0, 1); // t0 + 3 s: outside the window below
    const summary = summarizeRing(aggregator.ring, t0, t0 + 3000);
    expect(summary).toMatchObject({ seconds: 3, requests: 45, status5xx: 5, upstreamRequests: 40 });
    // (10 × ≈20 + 30 × ≈100) / 40 ≈ 80 ms, within the histogram's bucket error.
    expect(summary.upstreamP99Ms).toBeGreaterThan(76);
    expect(summary.upstreamP99Ms).toBeLessThan(84);
    expect(summarizeRing(aggregator.ring, t0 + 10_000, t0 + 20_000)).toMatchObject({ seconds: 0, requests: 0, upstreamP99Ms: null });
  });
});
