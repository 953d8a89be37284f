// What keeps ten thousand hosts' statistics small, checked by structure (memory figures
// themselves are the benchmark's: bench/micro/stats-memory.ts): quiet hosts' windows stay
// sparse, totals keep Prometheus' bounds only, the ring stays within its budget, and a
// busy host still gets the full bucket array.
import { describe, expect, it } from 'vitest';
import { StatsAggregator } from './aggregator.ts';
import { StatsCollector } from './collector.ts';
import { BoundedLatency } from './bounded-latency.ts';
import { SnapshotRing } from './ring.ts';
import { renderMetrics } from './prometheus.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';

describe('statistics of many hosts', () => {
  it('keep quiet hosts sparse and the ring within its budget, busy hosts dense, and count every request', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0) + 200;
    const collector = new StatsCollector();
    const ring = new SnapshotRing(900, 1_500_000);
    const aggregator = new StatsAggregator({ collector, ring, now: () => now, onMinute: () => {} });
    const hosts = 2000;
    for (let s = 0; s < 5; s++) {
      for (let h = 0; h < hosts; h++) collector.host(`h${h}.test`).response(200, 10, 100, 1 + ((h * 7 + s * 13) % 97) / 3);
      for (let i = 0; i < 5000; i++) collector.host('busy.test').response(200, 10, 100, 0.5 + (i % 400) / 10);
      now += 1000;
      aggregator.tick();
    }
    const entities = [...collector.hosts()];
    const quiet = entities.filter((e) => e.key !== 'busy.test');
    expect(quiet).toHaveLength(hosts);
    expect(quiet.every((e) => !e.minute.latency.isDense && !e.live.latency.isDense)).toBe(true);
    expect(entities.every((e) => e.total.latency instanceof BoundedLatency)).toBe(true);
    const busy = entities.find((e) => e.key === 'busy.test')!;
    expect(busy.minute.latency.isDense).toBe(true);
    expect(busy.minute.latency.count).toBe(25_000);

    // A second holds ~2,000 hosts' JSON (~0.7 M characters): the budget keeps the newest two.
    expect(ring.chars).toBeLessThanOrEqual(1_500_000);
    expect(ring.size).toBe(2);
    const newest = JSON.parse(ring.newest()!.json) as StatsSnapshot;
    expect(Object.keys(newest.hosts)).toHaveLength(hosts + 1);
    expect(newest.total.requests).toBe(hosts + 5000);

    // The totals still add up to every request in /metrics.
    const text = renderMetrics(collector);
    const count = (host: string) => Number(new RegExp(`^portico_request_duration_seconds_count\\{host="${host.replace(/\./g, '\\.')}"\\} (\\d+)`, 'm').exec(text)?.[1]);
    expect(count('h0.test')).toBe(5);
    expect(count('busy.test')).toBe(25_000);
  });
});
