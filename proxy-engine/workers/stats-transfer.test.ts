// Two workers' reports merged into one collector: counts add up, histograms merge to the
// same percentiles one collector would give, the in-progress gauge is the sum of each
// worker's latest, and a worker that ends takes its in-progress requests with it.
import { describe, expect, it } from 'vitest';
import { StatsCollector } from '../stats/collector.ts';
import { StatsMerger, takeReport } from './stats-transfer.ts';

function worker(latencies: number[], status = 200) {
  const collector = new StatsCollector();
  const host = collector.host('a.test');
  for (const ms of latencies) host.response(status, 10, 100, ms);
  collector.upstream('10.0.0.1:80').attempt(status, 1, 2, 3, 10, 100);
  return { collector, host, sent: new Map<string, number>() };
}

describe('merging worker statistics', () => {
  it('adds counts and merges histograms exactly', () => {
    const one = worker([1, 2, 3]);
    const two = worker([40, 50], 502);
    const single = new StatsCollector().host('a.test');
    for (const ms of [1, 2, 3]) single.response(200, 10, 100, ms);
    for (const ms of [40, 50]) single.response(502, 10, 100, ms);

    const main = new StatsCollector();
    const merger = new StatsMerger(main);
    merger.merge(1, takeReport(one.collector, one.sent, 3));
    merger.merge(2, takeReport(two.collector, two.sent, 2));
    const merged = main.host('a.test');
    expect(merged.requests).toBe(5);
    expect([...merged.statusClass]).toEqual([...single.statusClass]);
    expect([...merged.codes]).toEqual([...single.codes]);
    expect(merged.bytesOut).toBe(500);
    expect(merged.latency.percentiles([50, 99])).toEqual(single.latency.percentiles([50, 99]));
    expect([merged.latency.sum, merged.latency.min, merged.latency.max]).toEqual([96, 1, 50]);
    expect(main.upstream('10.0.0.1:80').requests).toBe(2);
    expect([merger.requests(1), merger.requests(2)]).toEqual([3, 2]);
    // A report clears the worker's window: nothing is counted twice.
    merger.merge(1, takeReport(one.collector, one.sent, 3));
    expect(main.host('a.test').requests).toBe(5);
  });

  it('sums the in-progress gauge over workers and drops a worker that ended', () => {
    const one = worker([]);
    const two = worker([]);
    one.host.active = 3;
    two.host.active = 2;
    const main = new StatsCollector();
    const merger = new StatsMerger(main);
    merger.merge(1, takeReport(one.collector, one.sent, 0));
    merger.merge(2, takeReport(two.collector, two.sent, 0));
    expect(main.host('a.test').active).toBe(5);
    one.host.active = 1;
    merger.merge(1, takeReport(one.collector, one.sent, 0));
    expect(main.host('a.test').active).toBe(3);
    merger.forget(2);
    expect(main.host('a.test').active).toBe(1);
  });
});
