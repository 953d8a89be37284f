import { describe, expect, it } from 'vitest';
import type { HostSecond, StatsSnapshot } from '@/core/contract/stats.ts';
import { emptyHostSecond, mergeSeconds } from './merge-seconds.ts';

function host(requests: number, active: number, p50: number | null): HostSecond {
  const h = emptyHostSecond();
  h.requests = requests;
  h.status['2xx'] = requests;
  h.cache.hit = 1;
  h.active = active;
  h.latencyMs = p50 === null ? null : { p50, p95: p50 * 2, p99: p50 * 3 };
  return h;
}

function second(t: number, requests: number, active: number, p50: number | null, extra: Partial<StatsSnapshot> = {}): StatsSnapshot {
  return { seq: t / 1000, t, total: host(requests, active, p50), hosts: { 'a.test': host(requests, active, p50) }, upstreams: {}, ...extra };
}

describe('mergeSeconds', () => {
  it('adds counts and gauges across nodes and weighs percentiles by requests', () => {
    const merged = mergeSeconds([second(5000, 3, 2, 10), second(5000, 1, 1, 50)], 9, 9000);
    expect(merged).toMatchObject({ seq: 9, t: 9000, total: { requests: 4, status: { '2xx': 4 }, cache: { hit: 2 }, active: 3 } });
    expect(merged.hosts['a.test']!.latencyMs).toEqual({ p50: 20, p95: 40, p99: 60 });
  });

  it('keeps the latest gauge of successive seconds of one node, adds their counts', () => {
    const merged = mergeSeconds([second(5000, 3, 2, 10), second(6000, 1, 7, null)], 6, 6000, true);
    expect(merged.total).toMatchObject({ requests: 4, active: 7 });
    expect(merged.total.latencyMs).toEqual({ p50: 10, p95: 20, p99: 30 });
  });

  it('merges streams (mean duration over the closed connections) and events in time order', () => {
    const stream = (closed: number, meanDurationMs: number | null) => ({ protocol: 'tcp' as const, opened: 1, closed, denied: 0, limited: 0, upstreamFailed: 0, active: 1, bytesIn: 10, bytesOut: 20, meanDurationMs });
    const event = (at: number) => ({ kind: 'server.down' as const, poolId: 'p', address: `10.0.0.${at}:80`, source: 'active' as const, reason: null, at });
    const merged = mergeSeconds([second(5000, 0, 0, null, { streams: { pg: stream(1, 100) }, events: [event(9)] }), second(5000, 0, 0, null, { streams: { pg: stream(3, 300) }, events: [event(2)], eventsDropped: 4 })], 5, 5000);
    expect(merged.streams!.pg).toMatchObject({ opened: 2, closed: 4, active: 2, bytesIn: 20, meanDurationMs: 250 });
    expect(merged.events!.map((e) => e.at)).toEqual([2, 9]);
    expect(merged.eventsDropped).toBe(4);
    expect(mergeSeconds([], 5, 5000)).toEqual({ seq: 5, t: 5000, total: emptyHostSecond(), hosts: {}, upstreams: {} });
  });
});
