import { describe, expect, it } from 'vitest';
import type { HostSecond, StatsSnapshot } from '@/core/contract/stats.ts';
import { historyRows, historyTopHosts, historyTotals, liveRows, streamSummary, summarize, topHosts, upstreamLatency, type HistoryResponse, type HistoryStep } from './series.ts';

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
    limitedStatus: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    denied: 0,
    latencyMs: null,
    ...extra,
  };
}

function snapshot(seq: number, hosts: Record<string, HostSecond>, upstreams: StatsSnapshot['upstreams'] = {}): StatsSnapshot {
  const total = Object.values(hosts).reduce((t, h) => second(t.requests + h.requests), second(0));
  return { seq, t: seq * 1000, total, hosts, upstreams };
}

describe('live rows', () => {
  const snaps = [snapshot(1, { 'a.test': second(2) }), snapshot(2, {}), snapshot(3, { 'a.test': second(1), 'b.test': second(4) })];

  it('reads a host absent from a second as zero', () => {
    expect(liveRows(snaps, 'a.test').traffic.map((r) => r['2xx'])).toEqual([2, 0, 1]);
    expect(liveRows(snaps, null).traffic.map((r) => r['2xx'])).toEqual([2, 0, 5]);
  });

  it('summarises the whole window: the rate is its average, the p95 weighted by requests', () => {
    const withErrors = [...snaps, snapshot(4, { 'a.test': second(2, { status: { '1xx': 0, '2xx': 1, '3xx': 0, '4xx': 0, '5xx': 1 }, latencyMs: { p50: 1, p95: 9, p99: 12 } }) })];
    const s = streamSummary(withErrors, 'a.test');
    // 5 requests over the 4 seconds of the window (not the last seconds' rate next to the window's count).
    expect(s).toMatchObject({ requests: 5, rps: 1.25, serverErrorRate: 0.2, clientErrorRate: 0, limitedRate: 0, p95: 9, hitRatio: null });
    expect(streamSummary([], null).serverErrorRate).toBeNull();
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

const status = (s: Partial<HostSecond['status']>) => ({ '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, ...s });

describe('errors and limits apart', () => {
  // Answers a limit produced are counted in their status class too; the summary moves
  // them out of it, so a rate limit's 429s are not client errors and its 503s not server errors.
  it.each([
    {
      desc: '500 of 1,750 requests refused with 429 by a rate limit',
      second: second(1750, { status: status({ '2xx': 1250, '4xx': 500 }), rateLimited: 500, limitedStatus: status({ '4xx': 500 }) }),
      expected: { serverErrors: 0, clientErrors: 0, limited: 500, limitedRate: 500 / 1750 },
    },
    {
      desc: "limit_req's default 503 is not a server error",
      second: second(100, { status: status({ '2xx': 60, '5xx': 40 }), rateLimited: 30, connLimited: 10, limitedStatus: status({ '5xx': 40 }) }),
      expected: { serverErrors: 0, clientErrors: 0, limited: 40 },
    },
    {
      desc: 'upstream 5xx and client 4xx next to limited requests',
      second: second(100, { status: status({ '2xx': 70, '4xx': 15, '5xx': 15 }), rateLimited: 10, limitedStatus: status({ '4xx': 10 }) }),
      expected: { serverErrors: 15, clientErrors: 5, limited: 10, serverErrorRate: 0.15, clientErrorRate: 0.05, limitedRate: 0.1 },
    },
  ])('$desc', ({ second: s, expected }) => {
    expect(streamSummary([snapshot(1, { 'a.test': s })], 'a.test')).toMatchObject(expected);
  });

  it('draws limited requests apart from 4xx and 5xx in the requests chart', () => {
    const s = second(20, { status: status({ '2xx': 10, '4xx': 6, '5xx': 4 }), rateLimited: 5, limitedStatus: status({ '4xx': 3, '5xx': 2 }) });
    expect(liveRows([snapshot(1, { 'a.test': s })], 'a.test').traffic[0]).toMatchObject({ '2xx': 10, '4xx': 3, '5xx': 2, limited: 5 });
  });

  it('ranks hosts with their errors and limits', () => {
    const s = second(10, { status: status({ '2xx': 5, '4xx': 3, '5xx': 2 }), rateLimited: 3, limitedStatus: status({ '4xx': 3 }) });
    expect(topHosts([snapshot(1, { 'a.test': s })])).toEqual([{ host: 'a.test', requests: 10, serverErrors: 2, clientErrors: 0, limited: 3 }]);
  });
});

describe('history rows', () => {
  const step: Omit<HistoryStep, 't'> = {
    requests: 120,
    ratePerSecond: 2,
    status: { '1xx': 0, '2xx': 60, '3xx': 0, '4xx': 30, '5xx': 30 },
    limited: 0,
    limitedStatus: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    cache: { hit: 6, miss: 0, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 },
    latencyMs: null,
  };

  it('turns steps into per-second rates', () => {
    const history: HistoryResponse = {
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-01T00:02:00Z',
      stepSeconds: 60,
      host: null,
      summary: { ...step, seconds: 120, lastMinute: null },
      series: [{ t: '2026-01-01T00:00:00.000Z', ...step }],
    };
    const rows = historyRows(history);
    expect(rows.traffic[0]).toMatchObject({ t: Date.parse('2026-01-01T00:00:00Z'), '2xx': 1, '4xx': 0.5, '5xx': 0.5 });
    expect(rows.cache[0]!.hit).toBe(0.1);
    expect(rows.latency[0]!.p50).toBeNull();
  });
});

describe('a history range', () => {
  const from = Date.UTC(2026, 0, 1, 11, 0);
  const to = from + 3600_000;
  const zero = { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  const cache = { hit: 0, miss: 0, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 };
  const history = (written: { requests: number; lastMinute: number | null }): HistoryResponse => ({
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    stepSeconds: 60,
    host: null,
    summary: { requests: written.requests, ratePerSecond: 0, status: { ...zero, '2xx': written.requests }, limited: 0, limitedStatus: zero, cache, latencyMs: null, seconds: 3600, lastMinute: written.lastMinute === null ? null : new Date(written.lastMinute).toISOString() },
    topHosts: written.requests ? [{ host: 'a.test', requests: written.requests, s4xx: 0, s5xx: 0, limited: 0, limited4xx: 0, limited5xx: 0 }] : [],
    series: [],
  });
  // The stream's last seconds: 978 requests in the minute the history has not written yet.
  const recent = Array.from({ length: 60 }, (_, i) => ({ ...snapshot(0, { 'a.test': second(i < 18 ? 17 : 16) }), t: to - 60_000 + i * 1000 }));

  it('counts the requests of the minute not written yet', () => {
    expect(recent.reduce((n, s) => n + s.total.requests, 0)).toBe(978);
    const totals = historyTotals(history({ requests: 0, lastMinute: null }), recent, null);
    expect(totals.requests).toBe(978);
    expect(totals.seconds).toBe(3600);
  });

  it('adds only the seconds after the last minute written', () => {
    // Minutes up to the one before the last are written (1,200 requests): the stream adds its last minute only.
    const older = Array.from({ length: 60 }, (_, i) => ({ ...snapshot(0, { 'a.test': second(20) }), t: to - 120_000 + i * 1000 }));
    const totals = historyTotals(history({ requests: 1200, lastMinute: to - 60_000 }), [...older, ...recent], null);
    expect(totals.requests).toBe(1200 + 978);
    expect(historyTopHosts(history({ requests: 1200, lastMinute: to - 60_000 }), [...older, ...recent])).toEqual([{ host: 'a.test', requests: 2178, serverErrors: 0, clientErrors: 0, limited: 0 }]);
  });

  it('averages the rate over the whole range', () => {
    const s = summarize(historyTotals(history({ requests: 3600, lastMinute: to }), [], null), { rps: [], serverErrors: [], clientErrors: [], limited: [], p95: [], hits: [] });
    expect(s.rps).toBe(1);
  });
});
