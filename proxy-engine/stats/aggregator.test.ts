import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatsAggregator } from './aggregator.ts';
import { StatsCollector } from './collector.ts';
import { bucketIndex } from '../../core/stats/histogram.ts';
import { LatencyHistogramJson, StatsCounters, type MinuteRollup } from './rollup.ts';
import type { Percentiles, StatsSnapshot } from '../../core/contract/stats.ts';

const MINUTE = Date.UTC(2026, 0, 1, 12, 0, 0);

function setup(start = MINUTE + 200) {
  let now = start;
  const collector = new StatsCollector();
  const minutes: MinuteRollup[][] = [];
  const aggregator = new StatsAggregator({ collector, now: () => now, onMinute: (r) => minutes.push(r) });
  const advance = (ms: number): void => void (now += ms);
  /** Let a second pass and close it. */
  const second = (): StatsSnapshot => {
    advance(1000);
    return JSON.parse(aggregator.tick().json) as StatsSnapshot;
  };
  return { collector, aggregator, minutes, second, advance };
}

/** Requests of the 20 ms / 200 ms mix: 90 fast, 10 slow. */
function traffic(collector: StatsCollector): void {
  const a = collector.host('a.example');
  a.active = 2;
  for (let i = 0; i < 90; i++) a.response(200, 100, 1000, 20);
  for (let i = 0; i < 10; i++) a.response(503, 100, 50, 200);
  for (let i = 0; i < 3; i++) a.cacheStatus('HIT');
  a.cacheStatus('MISS');
  a.rateLimited++;
  collector.host('b.example').response(404, 10, 10, 1);
  collector.host('idle.example');
  collector.location('loc-1', 'a.example').response(200, 1, 1, 5);
  const up = collector.upstream('10.0.0.5:8080');
  up.active = 1;
  for (let i = 0; i < 90; i++) up.attempt(200, 1, 15, 19, 100, 1000);
  for (let i = 0; i < 10; i++) up.attempt(502, 3, 190, 199, 100, 10);
}

function near(p: Percentiles | null, expected: Percentiles): void {
  expect(p).not.toBeNull();
  for (const key of ['p50', 'p95', 'p99'] as const) expect(bucketIndex(p![key])).toBe(bucketIndex(expected[key]));
}

describe('one-second snapshots', () => {
  it('serialise per host, per upstream server and in total', () => {
    const { collector, second } = setup();
    traffic(collector);
    const snapshot = second();
    expect(snapshot.seq).toBe(Math.floor((MINUTE + 200) / 1000));
    expect(snapshot.t).toBe(MINUTE);
    expect(Object.keys(snapshot.hosts).sort()).toEqual(['a.example', 'b.example']);
    const a = snapshot.hosts['a.example']!;
    expect(a).toMatchObject({
      requests: 100,
      status: { '1xx': 0, '2xx': 90, '3xx': 0, '4xx': 0, '5xx': 10 },
      cache: { hit: 3, miss: 1, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 },
      bytesIn: 10_000,
      bytesOut: 90_500,
      active: 2,
      rateLimited: 1,
    });
    near(a.latencyMs, { p50: 20, p95: 200, p99: 200 });
    expect(snapshot.total).toMatchObject({ requests: 101, status: { '2xx': 90, '4xx': 1, '5xx': 10 }, active: 2, rateLimited: 1 });
    const up = snapshot.upstreams['10.0.0.5:8080']!;
    expect(up).toMatchObject({ requests: 100, status: { '2xx': 90, '5xx': 10 }, active: 1 });
    near(up.latencyMs, { p50: 19, p95: 199, p99: 199 });
    near(up.connectMs, { p50: 1, p95: 3, p99: 3 });
    near(up.firstByteMs, { p50: 15, p95: 190, p99: 190 });
  });

  it('clears the window and keeps gauges; sequence numbers follow each other', () => {
    const { collector, second } = setup();
    traffic(collector);
    const first = second();
    const a = collector.host('a.example');
    expect([a.requests, a.latency.count, a.active]).toEqual([0, 0, 2]);
    const next = second();
    expect(next.seq).toBe(first.seq + 1);
    expect(next.t).toBe(first.t + 1000);
    expect(next.hosts['a.example']).toMatchObject({ requests: 0, active: 2, latencyMs: null });
    expect(next.hosts['b.example']).toBeUndefined();
    expect(next.upstreams['10.0.0.5:8080']).toMatchObject({ requests: 0, active: 1 });
  });

  it('fills the ring and tells subscribers', () => {
    const { aggregator, second } = setup();
    const seen: number[] = [];
    const unsubscribe = aggregator.subscribe((entry) => seen.push(entry.seq));
    const s1 = second();
    const s2 = second();
    unsubscribe();
    second();
    expect(seen).toEqual([s1.seq, s2.seq]);
    expect(aggregator.ring.size).toBe(3);
  });
});

describe('minute rollups', () => {
  it('sum the seconds of a minute and start again', () => {
    const { collector, minutes, second } = setup();
    traffic(collector);
    second();
    for (let i = 0; i < 10; i++) collector.host('a.example').response(200, 100, 1000, 20);
    // Seconds 1 to 59 of the minute.
    for (let i = 0; i < 59; i++) second();
    expect(minutes).toHaveLength(0);
    // The first second of the next minute closes this one.
    second();
    expect(minutes).toHaveLength(1);
    const rows = new Map(minutes[0]!.map((r) => [`${r.scope}:${r.key}`, r]));
    expect([...rows.keys()].sort()).toEqual(['host:a.example', 'host:b.example', 'location:loc-1', 'total:', 'upstream:10.0.0.5:8080']);
    const a = rows.get('host:a.example')!;
    expect(a).toMatchObject({ minute: new Date(MINUTE), requests: 110, s2xx: 100, s5xx: 10, bytesIn: 11_000, bytesOut: 100_500 });
    expect(a.counters).toMatchObject({ codes: { '200': 100, '503': 10 }, cache: { hit: 3, miss: 1 }, rateLimited: 1 });
    expect(Object.values(a.latency).sort((x, y) => x - y)).toEqual([10, 100]);
    expect(rows.get('total:')).toMatchObject({ requests: 111, s4xx: 1 });
    const up = rows.get('upstream:10.0.0.5:8080')!;
    expect(up.counters).toMatchObject({ fails: 0, wentDown: 0 });
    for (const row of minutes[0]!) {
      expect(StatsCounters.parse(row.counters)).toEqual(row.counters);
      expect(LatencyHistogramJson.parse(row.latency)).toEqual(row.latency);
    }
    // Counts since start stay for Prometheus.
    const entity = [...collector.hosts()].find((e) => e.key === 'a.example')!;
    expect([entity.total.requests, entity.minute.requests]).toEqual([110, 0]);
  });

  it('drops entities no longer configured once idle and rolled up', () => {
    const { collector, aggregator, second } = setup();
    traffic(collector);
    // Handles taken before the reload, as an older runtime holds them.
    const a = collector.host('a.example');
    const up = collector.upstream('10.0.0.5:8080');
    collector.retain({ hosts: ['b.example'], locations: [], upstreams: [] });
    second();
    aggregator.flushMinute();
    // a.example still has requests in progress; idle.example goes.
    expect([...collector.hosts()].map((e) => e.key).sort()).toEqual(['a.example', 'b.example']);
    expect([...collector.upstreams()].map((e) => e.key)).toEqual(['10.0.0.5:8080']);
    a.active = 0;
    up.active = 0;
    second();
    aggregator.flushMinute();
    expect([...collector.hosts()].map((e) => e.key)).toEqual(['b.example']);
    expect([...collector.upstreams()]).toEqual([]);
  });

  it('gives back the same object for a host configured again before it is dropped', () => {
    const { collector } = setup();
    const a = collector.host('a.example');
    collector.retain({ hosts: [], locations: [], upstreams: [] });
    expect(collector.host('a.example')).toBe(a);
  });
});

describe('the timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks just after each second boundary', () => {
    vi.useFakeTimers({ now: MINUTE + 200 });
    const aggregator = new StatsAggregator({ collector: new StatsCollector() });
    aggregator.start();
    vi.advanceTimersByTime(3000);
    aggregator.stop();
    vi.advanceTimersByTime(3000);
    expect([...aggregator.ring.since(0)].map((e) => e.t)).toEqual([MINUTE, MINUTE + 1000, MINUTE + 2000]);
  });
});

describe('a tick with many active hosts', () => {
  /** Hosts h0…h(n-1), each with `perHost` requests of 3 ms in the current second. */
  function busy(collector: StatsCollector, n: number, perHost = 1): void {
    for (let i = 0; i < n; i++) for (let r = 0; r < perHost; r++) collector.host(`h${i}`).response(200, 10, 100, 3);
  }

  it('writes the same snapshot in slices as in one piece', async () => {
    const [whole, sliced] = [new StatsCollector(), new StatsCollector()];
    busy(whole, 3000);
    busy(sliced, 3000);
    whole.upstream('10.0.0.1:80').attempt(200, 1, 2, 3, 10, 10);
    sliced.upstream('10.0.0.1:80').attempt(200, 1, 2, 3, 10, 10);
    let now = MINUTE + 995; // the timer fires 10 ms from now
    const expected = new StatsAggregator({ collector: whole, now: () => now }).tick(MINUTE + 1005);
    const aggregator = new StatsAggregator({ collector: sliced, now: () => now });
    const entry = new Promise<string>((resolve) => aggregator.subscribe((e) => resolve(e.json)));
    aggregator.start();
    now = MINUTE + 1005;
    const json = await entry;
    aggregator.stop();
    expect(JSON.parse(json)).toEqual(JSON.parse(expected.json));
    expect(Object.keys((JSON.parse(json) as StatsSnapshot).hosts)).toHaveLength(3000);
  });

  it('lets requests through between slices, and counts each of them in exactly one second', async () => {
    const collector = new StatsCollector();
    busy(collector, 10_000, 3);
    const firstRead = collector.host('h0');
    let now = MINUTE + 995;
    const aggregator = new StatsAggregator({ collector, now: () => now });
    const entries: StatsSnapshot[] = [];
    aggregator.subscribe((e) => entries.push(JSON.parse(e.json) as StatsSnapshot));
    aggregator.start();
    now = MINUTE + 1005;
    // A request on every turn of the event loop until the second is closed, on the host
    // the tick closes last (it is read after all the pauses).
    let during = 0;
    let turnsInsideTheTick = 0;
    await new Promise<void>((resolve) => {
      const turn = (): void => {
        if (entries.length > 0) return resolve();
        if (firstRead.requests === 0) turnsInsideTheTick++;
        collector.host('h9999').response(200, 10, 100, 3);
        during++;
        setImmediate(turn);
      };
      setImmediate(turn);
    });
    aggregator.stop();
    expect(turnsInsideTheTick).toBeGreaterThan(0);
    const first = entries[0]!;
    expect(first.total.requests).toBe(30_000 + (first.hosts['h9999']!.requests - 3));
    // What came after the host was read is still in its live window: nothing lost, nothing twice.
    const later = new StatsAggregator({ collector, now: () => now }).tick(MINUTE + 2005);
    const left = (JSON.parse(later.json) as StatsSnapshot).hosts['h9999']?.requests ?? 0;
    expect(first.hosts['h9999']!.requests - 3 + left).toBe(during);
  });
});

describe('a minute rollup interrupted by stop()', () => {
  it('is handed over once, and the windows it read are cleared before the next minute counts', async () => {
    const collector = new StatsCollector();
    for (let i = 0; i < 5000; i++) collector.host(`h${i}`).response(200, 10, 100, 3);
    let now = MINUTE + 1005;
    const handed: MinuteRollup[][] = [];
    let aggregator: StatsAggregator | undefined;
    aggregator = new StatsAggregator({
      collector,
      now: () => now,
      onMinute: (rollups) => {
        handed.push(rollups);
        aggregator!.stop(); // the engine stopping while the windows are being cleared
      },
    });
    aggregator.tick(); // the first second of the minute
    now = MINUTE + 60_995;
    aggregator.start();
    now = MINUTE + 61_005;
    await new Promise<void>((resolve) => {
      const wait = (): void => void (handed.length > 0 ? setTimeout(resolve, 20) : setImmediate(wait));
      wait();
    });
    expect(aggregator.flushMinute()).toEqual([]);
    expect(handed).toHaveLength(1);
    const hosts = handed[0]!.filter((r) => r.scope === 'host');
    expect(hosts.reduce((sum, r) => sum + r.requests, 0)).toBe(5000);
    // The next minute starts from zero for every host.
    collector.host('h1').response(200, 10, 100, 3);
    aggregator.tick(MINUTE + 62_005);
    const next = aggregator.flushMinute();
    expect(next.filter((r) => r.scope === 'host').map((r) => [r.key, r.requests])).toEqual([['h1', 1]]);
  });
});
