import { describe, expect, it } from 'vitest';
import type { StatsSnapshot, StreamSecond } from '@/core/contract/stats.ts';
import { streamNames, streamRows, streamSummary } from './stream-series.ts';

const ZERO_TOTAL = { requests: 0, status: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, cache: { hit: 0, miss: 0, expired: 0, stale: 0, updating: 0, bypass: 0, revalidated: 0 }, bytesIn: 0, bytesOut: 0, active: 0, rateLimited: 0, connLimited: 0, limitedStatus: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, denied: 0, latencyMs: null };

function second(over: Partial<StreamSecond>): StreamSecond {
  return { protocol: 'tcp', opened: 0, closed: 0, denied: 0, limited: 0, upstreamFailed: 0, active: 0, bytesIn: 0, bytesOut: 0, meanDurationMs: null, ...over };
}
function snapshot(t: number, streams?: Record<string, StreamSecond>): StatsSnapshot {
  return { seq: t, t: t * 1000, total: ZERO_TOTAL, hosts: {}, upstreams: {}, ...(streams ? { streams } : {}) };
}

// An engine that predates stream statistics sends no `streams`: the rows are zero, not an error.
const window = [
  snapshot(1),
  snapshot(2, { pg: second({ opened: 2, active: 2, bytesIn: 100, bytesOut: 900 }), dns: second({ protocol: 'udp', opened: 1, active: 1, bytesIn: 40, bytesOut: 80, denied: 1 }) }),
  snapshot(3, { pg: second({ closed: 2, meanDurationMs: 500, bytesIn: 10, bytesOut: 10, limited: 1 }), dns: second({ protocol: 'udp', closed: 1, meanDurationMs: 2000, upstreamFailed: 2 }) }),
];

describe('stream series', () => {
  it('names the streams seen in the window, sorted', () => {
    expect(streamNames(window)).toEqual(['dns', 'pg']);
    expect(streamNames([snapshot(1)])).toEqual([]);
  });

  it.each([
    { desc: 'all streams together', stream: null, bytes: [[0, 0], [140, 980], [10, 10]], connections: [[0, 0, 0, 0], [3, 0, 1, 3], [0, 3, 3, 0]] },
    { desc: 'one stream', stream: 'pg', bytes: [[0, 0], [100, 900], [10, 10]], connections: [[0, 0, 0, 0], [2, 0, 0, 2], [0, 2, 1, 0]] },
    { desc: 'a stream absent from the window', stream: 'gone', bytes: [[0, 0], [0, 0], [0, 0]], connections: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]] },
  ])('draws $desc second by second', ({ stream, bytes, connections }) => {
    const rows = streamRows(window, stream);
    expect(rows.bytes.map((r) => [r.bytesIn, r.bytesOut])).toEqual(bytes);
    expect(rows.connections.map((r) => [r.opened, r.closed, r.refused, r.active])).toEqual(connections);
    expect(rows.bytes.map((r) => r.t)).toEqual([1000, 2000, 3000]);
  });

  it.each([
    { desc: 'all streams: the mean duration is weighted by the connections that closed', stream: null, expected: { bytesIn: 150, bytesOut: 990, opened: 3, refused: 4, active: 0, meanDurationMs: 1000 } },
    { desc: 'one stream', stream: 'pg', expected: { bytesIn: 110, bytesOut: 910, opened: 2, refused: 1, active: 0, meanDurationMs: 500 } },
    { desc: 'nothing closed: no duration', stream: 'x', expected: { bytesIn: 0, bytesOut: 0, opened: 0, refused: 0, active: 0, meanDurationMs: null } },
  ])('sums the window: $desc', ({ stream, expected }) => {
    expect(streamSummary(window, stream)).toEqual(expected);
  });

  it('reports the connections open at the latest second', () => {
    expect(streamSummary(window.slice(0, 2), 'pg').active).toBe(2);
  });
});
