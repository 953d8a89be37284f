// Per-minute rollups written to SQLite and read back as history: counts add up, latency
// percentiles come from merged histograms. (Retention is the controller's:
// test/controller/stats-retention.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../core/db/client.ts';
import { TrafficCounters } from '../../proxy-engine/stats/counters.ts';
import { rollupOf } from '../../proxy-engine/stats/rollup.ts';
import { createRollupWriter } from '../../proxy-engine/stats/rollup-writer.ts';
import { statsHistory } from '../../app/_lib/queries/stats-history.ts';
import { createDataDir } from '../helpers/data-dir.ts';

let db: Db;
let cleanup: () => void;
beforeAll(async () => {
  const data = await createDataDir();
  cleanup = data.cleanup;
  db = await openDb(data.dir);
});
afterAll(async () => {
  await db?.$disconnect();
  cleanup?.();
});

function minuteOf(counts: { ok: number; errors: number; ms: number }): TrafficCounters {
  const c = new TrafficCounters();
  for (let i = 0; i < counts.ok; i++) c.response(200, 100, 1000, counts.ms);
  for (let i = 0; i < counts.errors; i++) c.response(502, 100, 200, counts.ms);
  c.cacheStatus('HIT');
  return c;
}

describe('stats history', () => {
  it('adds up minutes into steps and merges latency histograms exactly', async () => {
    const base = Date.UTC(2026, 10, 22, 10, 0);
    const writer = createRollupWriter(db, 'edge-1');
    const rows = [0, 1, 2, 3].flatMap((m) => {
      const counters = minuteOf({ ok: 10, errors: m === 3 ? 5 : 0, ms: m < 2 ? 20 : 200 });
      const minute = new Date(base + m * 60_000);
      return [rollupOf(minute, 'total', '', counters), rollupOf(minute, 'host', 'app.test', counters)];
    });
    writer.onMinute(rows);
    await writer.flush();
    const history = await statsHistory(db, { from: new Date(base), to: new Date(base + 4 * 60_000), host: 'app.test', stepSeconds: 120 });
    expect(history.series).toHaveLength(2);
    expect(history.series[0]).toMatchObject({ requests: 20, status: { '2xx': 20, '5xx': 0 }, cache: { hit: 2 } });
    expect(history.series[1]).toMatchObject({ requests: 25, status: { '2xx': 20, '5xx': 5 } });
    expect(history.series[0]!.latencyMs!.p50).toBeCloseTo(20, -0.5);
    expect(history.series[1]!.latencyMs!.p99).toBeGreaterThan(190);
    const upstreamRows = [rollupOf(new Date(base), 'upstream', '10.0.0.5:80', minuteOf({ ok: 3, errors: 0, ms: 50 }))];
    writer.onMinute(upstreamRows);
    await writer.flush();
    const perServer = await statsHistory(db, { from: new Date(base), to: new Date(base + 60_000), host: null, upstream: '10.0.0.5:80', stepSeconds: 60 });
    expect(perServer.series[0]).toMatchObject({ requests: 3 });
    const total = await statsHistory(db, { from: new Date(base), to: new Date(base + 4 * 60_000), host: null, stepSeconds: 240 });
    expect(total.series[0]!.requests).toBe(45);
  });

  it('writes a thousand rows in one go, and a minute written twice replaces its row', async () => {
    const minute = new Date(Date.UTC(2026, 10, 22, 12, 0));
    const writer = createRollupWriter(db, 'edge-1');
    const rows = Array.from({ length: 1000 }, (_, i) => rollupOf(minute, 'host', `bulk${i}.test`, minuteOf({ ok: 1, errors: 0, ms: 5 })));
    writer.onMinute(rows);
    writer.onMinute([rollupOf(minute, 'host', 'bulk0.test', minuteOf({ ok: 7, errors: 0, ms: 5 }))]);
    await writer.flush();
    expect(await db.statsMinute.count({ where: { minute, scope: 'host' } })).toBe(1000);
    expect((await db.statsMinute.findFirst({ where: { minute, key: 'bulk0.test' } }))?.requests).toBe(7);
  });

  it('keeps each node\'s row of a minute, sums them, and follows one node on request', async () => {
    // Two engines on one database counting the same minute: before rows carried the node,
    // the second upsert replaced the first's counts.
    const minute = new Date(Date.UTC(2026, 10, 23, 9, 0));
    const first = createRollupWriter(db, 'edge-1');
    const second = createRollupWriter(db, 'edge-2');
    const rowsOf = (counts: { ok: number; errors: number; ms: number }) => {
      const c = minuteOf(counts);
      return [rollupOf(minute, 'total', '', c), rollupOf(minute, 'host', 'shared.test', c)];
    };
    first.onMinute(rowsOf({ ok: 6, errors: 0, ms: 10 }));
    second.onMinute(rowsOf({ ok: 4, errors: 3, ms: 300 }));
    await Promise.all([first.flush(), second.flush()]);
    expect(await db.statsMinute.count({ where: { minute, scope: 'host', key: 'shared.test' } })).toBe(2);
    const range = { from: minute, to: new Date(minute.getTime() + 60_000), stepSeconds: 60 };

    const all = await statsHistory(db, { ...range, host: 'shared.test', topHosts: 5 });
    expect(all.node).toBeNull();
    expect(all.series[0]).toMatchObject({ requests: 13, status: { '2xx': 10, '5xx': 3 }, cache: { hit: 2 } });
    // The latency histograms merge: 6 answers at 10 ms and 7 at 300 ms put the median at 300 ms.
    expect(all.series[0]!.latencyMs!.p50).toBeGreaterThan(250);
    expect(all.topHosts).toContainEqual(expect.objectContaining({ host: 'shared.test', requests: 13, s5xx: 3 }));
    expect((await statsHistory(db, { ...range, host: null })).summary.requests).toBe(13);

    const one = await statsHistory(db, { ...range, host: 'shared.test', topHosts: 5, node: 'edge-1' });
    expect(one.node).toBe('edge-1');
    expect(one.series[0]).toMatchObject({ requests: 6, status: { '2xx': 6, '5xx': 0 } });
    expect(one.series[0]!.latencyMs!.p99).toBeLessThan(20);
    expect(one.topHosts).toContainEqual(expect.objectContaining({ host: 'shared.test', requests: 6, s5xx: 0 }));
    const other = await statsHistory(db, { ...range, host: null, topHosts: 5, node: 'edge-2' });
    expect(other.summary.requests).toBe(7);
    expect(other.topHosts).toEqual([expect.objectContaining({ host: 'shared.test', requests: 7, s5xx: 3 })]);
    expect((await statsHistory(db, { ...range, host: null, node: 'nobody' })).summary.requests).toBe(0);

    // A node writing its minute again replaces only its own row.
    second.onMinute(rowsOf({ ok: 1, errors: 0, ms: 10 }));
    await second.flush();
    expect((await statsHistory(db, { ...range, host: 'shared.test' })).summary.requests).toBe(7);
  });
});
