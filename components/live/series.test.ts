import { describe, expect, it } from 'vitest';
import type { HostSecond, StatsSnapshot } from '@/proxy-engine/stats/snapshot.ts';
import { historyRows, liveRows, statsKey, summarize, topHosts, upstreamLatency, type HistoryResponse } from './series.ts';

function second(requests: number, extra: Partial<HostSecond> = {}): HostSecond {
  return {
    requests,
    status: { '1xx': 0, '2xx': requests, '3xx': 0, '4xx': 0, '5xx': 0 },
    cache: { hit: 0, miss: 0, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 },
    bytesIn: 0,
    bytesOut: 0,
    active: 0,
    rateLimited: 0,
    connLimited: 0,
    denied: 0,
    latencyMs: null,
    ...extra,
  };
}

function snapshot(seq: number, hosts: Record<string, HostSecond>, upstreams: StatsSnapshot['upstreams'] = {}): StatsSnapshot {
  const total = Object.values(hosts).reduce((t, h) => second(t.requests + h.requests), second(0));
  return { seq, t: seq * 1000, total, hosts, upstreams };
}

describe('statsKey', () => {
  it.each([
    { desc: 'the first exact name', names: ['app.test', 'www.app.test'], expected: 'app.test' },
    { desc: 'skips wildcards and regexes', names: ['*.app.test', '~^a', 'app.test'], expected: 'app.test' },
    { desc: 'falls back to the first name', names: ['*.app.test'], expected: '*.app.test' },
  ])('$desc', ({ names, expected }) => expect(statsKey(names)).toBe(expected));
});

describe('live rows', () => {
  const snaps = [snapshot(1, { 'a.test': second(2) }), snapshot(2, {}), snapshot(3, { 'a.test': second(1), 'b.test': second(4) })];

  it('reads a host absent from a second as zero', () => {
    expect(liveRows(snaps, 'a.test').traffic.map((r) => r['2xx'])).toEqual([2, 0, 1]);
    expect(liveRows(snaps, null).traffic.map((r) => r['2xx'])).toEqual([2, 0, 5]);
  });

  it('summarises the window: rate, error share, latest p95', () => {
    const withErrors = [...snaps, snapshot(4, { 'a.test': second(2, { status: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 1 }, latencyMs: { p50: 1, p95: 9, p99: 12 } }) })];
    const s = summarize(withErrors, 'a.test', 2);
    expect(s).toMatchObject({ requests: 5, rps: 1.5, errorRate: 0.2, p95: 9, hitRatio: null });
    expect(summarize([], null).errorRate).toBeNull();
  });

  it('ranks the busiest hosts', () => {
    expect(topHosts(snaps).map((h) => [h.host, h.requests])).toEqual([
      ['b.test', 4],
      ['a.test', 3],
    ]);
  });

  it('keeps per-server latency for the servers asked for, with gaps as null', () => {
    const l = { p50: 1, p95: 2, p99: 3 };
    const up = (latencyMs: typeof l | null) => ({ requests: 1, status: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 0 }, active: 0, fails: 0, retries: 0, wentDown: 0, wentUp: 0, latencyMs, connectMs: null, firstByteMs: null });
    const s = [snapshot(1, {}, { '10.0.0.1:80': up(l), '10.0.0.2:80': up(l) }), snapshot(2, {}, { '10.0.0.2:80': up(l) })];
    const all = upstreamLatency(s, null);
    expect([...all.keys()]).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    expect(all.get('10.0.0.1:80')!.map((r) => r.p95)).toEqual([2, null]);
    expect([...upstreamLatency(s, new Set(['10.0.0.2:80'])).keys()]).toEqual(['10.0.0.2:80']);
  });
});

describe('history rows', () => {
  it('turns steps into per-second rates', () => {
    const history: HistoryResponse = {
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:02:00Z',
      stepSeconds: 60,
      host: null,
      series: [{ t: '2026-01-01T00:00:00.000Z', requests: 120, ratePerSecond: 2, status: { '1xx': 0, '2xx': 60, '3xx': 0, '4xx': 30, '5xx': 30 }, cache: { hit: 6, miss: 0, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 }, latencyMs: null }],
    };
    const rows = historyRows(history);
    expect(rows.traffic[0]).toMatchObject({ t: Date.parse('2026-01-01T00:00:00Z'), '2xx': 1, '4xx': 0.5, '5xx': 0.5 });
    expect(rows.cache[0]!.hit).toBe(0.1);
    expect(rows.latency[0]!.p50).toBeNull();
  });
});
