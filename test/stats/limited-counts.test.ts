// Requests refused by Portico's own limits are counted apart from errors, through every
// layer: the one-second snapshot, Prometheus, the minute rollup and the history API's
// steps and range summary. A rate limit answering 429 and one answering 503 (nginx's
// default), a connection limit, and a plain 404 next to them.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readControlToken } from '../../core/contract/control-token.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';
import { statsHistory } from '../../app/_lib/queries/stats-history.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { waitFor } from '../helpers/ports.ts';

let t: TestEngine;
let upstream: EchoUpstream;
/** Requests to /hold/ wait here until released, so a connection limit is reached. */
const held: http.ServerResponse[] = [];

beforeAll(async () => {
  t = await startTestEngine();
  upstream = await startEchoUpstream((req, res) => {
    if (!req.url?.startsWith('/hold/')) return false;
    held.push(res);
    return true;
  });
  const proxy = { kind: 'proxy', address: upstream.address };
  await t.configure({
    limitZones: [
      // A zone each: one zone counts one client's requests over every location that names it.
      { name: 'one_per_minute_a', kind: 'REQUEST', rate: { count: 1, per: 'minute' } },
      { name: 'one_per_minute_b', kind: 'REQUEST', rate: { count: 1, per: 'minute' } },
      { name: 'one_at_a_time', kind: 'CONNECTION' },
    ],
    hosts: [
      {
        serverNames: ['limits.test'],
        locations: [
          { path: '/429/', action: proxy, policies: { rateLimits: [{ zone: 'one_per_minute_a', status: 429 }] } },
          { path: '/503/', action: proxy, policies: { rateLimits: [{ zone: 'one_per_minute_b' }] } },
          { path: '/hold/', action: proxy, policies: { connLimits: [{ zone: 'one_at_a_time', max: 1 }] } },
          { path: '/', action: { kind: 'return', status: 404 } },
        ],
      },
    ],
  });
}, 60_000);

afterAll(async () => {
  for (const res of held) res.end();
  await Promise.all([t?.stop(), upstream?.close()]);
});

/** The snapshots the engine streamed since `since` (epoch seconds), until `until` holds. */
async function snapshotsUntil(since: number, until: (all: StatsSnapshot[]) => boolean): Promise<StatsSnapshot[]> {
  const token = readControlToken(t.dataDir);
  let all: StatsSnapshot[] = [];
  await waitFor(
    'the limited requests in the stream',
    async () => {
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${t.engine.ports.control}/stats/stream`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': String(since) }, signal: controller.signal });
      const reader = res.body!.getReader();
      let text = '';
      // The backfill arrives at once; a moment more is enough to read it.
      const stop = setTimeout(() => controller.abort(), 300);
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          text += Buffer.from(value).toString();
        }
      } catch {
        // aborted: what arrived is in `text`
      }
      clearTimeout(stop);
      all = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as StatsSnapshot);
      return until(all);
    },
    10_000,
    200,
  );
  return all;
}

const sum = (snapshots: StatsSnapshot[], read: (s: StatsSnapshot['hosts'][string]) => number) => snapshots.reduce((n, s) => n + (s.hosts['limits.test'] ? read(s.hosts['limits.test']) : 0), 0);

describe('requests refused by limits', () => {
  const since = Math.floor(Date.now() / 1000) - 1;

  it('are counted apart from client and server errors in the one-second snapshots', async () => {
    const get = (path: string) => request(t.port, path, { headers: { host: 'limits.test' } });
    // The first of each rate-limited location passes; the next three are refused.
    const answers = [];
    for (const prefix of ['/429/', '/503/']) for (let i = 0; i < 4; i++) answers.push((await get(`${prefix}${i}`)).status);
    expect(answers).toEqual([200, 429, 429, 429, 200, 503, 503, 503]);
    // One request holds the only connection slot; the second is refused with 503.
    const holding = get('/hold/a');
    await waitFor('the first request to reach the upstream', async () => held.length === 1, 5000, 20);
    expect((await get('/hold/b')).status).toBe(503);
    held.shift()!.end('done');
    expect((await holding).status).toBe(200);
    expect((await get('/missing')).status).toBe(404);

    const snapshots = await snapshotsUntil(since, (all) => sum(all, (h) => h.requests) >= 11);
    expect(sum(snapshots, (h) => h.requests)).toBe(11);
    expect(sum(snapshots, (h) => h.status['4xx'])).toBe(4);
    expect(sum(snapshots, (h) => h.status['5xx'])).toBe(4);
    expect(sum(snapshots, (h) => h.rateLimited)).toBe(6);
    expect(sum(snapshots, (h) => h.connLimited)).toBe(1);
    // The limits' answers by class: the 404 alone is a client error, and no answer is a server error.
    expect(sum(snapshots, (h) => h.limitedStatus['4xx'])).toBe(3);
    expect(sum(snapshots, (h) => h.limitedStatus['5xx'])).toBe(4);
    const total = snapshots.reduce((n, s) => n + s.total.limitedStatus['4xx'] + s.total.limitedStatus['5xx'], 0);
    expect(total).toBe(7);
  });

  it('are exposed to Prometheus by status class', async () => {
    const token = readControlToken(t.dataDir);
    const text = await (await fetch(`http://127.0.0.1:${t.engine.ports.control}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(text).toContain('portico_limited_responses_total{host="limits.test",class="4xx"} 3');
    expect(text).toContain('portico_limited_responses_total{host="limits.test",class="5xx"} 4');
  });

  it('are kept in the minute rollups and read back by the history API', async () => {
    // Stopping rolls up the minute so far.
    await t.engine.stop();
    const rows = await t.db.statsMinute.findMany({ where: { scope: 'host', key: 'limits.test' } });
    const stored = rows.map((r) => (r.counters as { limitedStatus?: Record<string, number> }).limitedStatus);
    expect(stored.reduce((n, l) => n + (l?.['4xx'] ?? 0), 0)).toBe(3);
    expect(stored.reduce((n, l) => n + (l?.['5xx'] ?? 0), 0)).toBe(4);
    const to = new Date(Date.now() + 60_000);
    const history = await statsHistory(t.db, { from: new Date(to.getTime() - 3600_000), to, host: 'limits.test', stepSeconds: 60, topHosts: 5 });
    expect(history.summary).toMatchObject({ requests: 11, status: { '4xx': 4, '5xx': 4 }, limited: 7, limitedStatus: { '4xx': 3, '5xx': 4 } });
    expect(history.series.reduce((n, s) => n + s.limited, 0)).toBe(7);
    expect(history.topHosts).toEqual([{ host: 'limits.test', requests: 11, s4xx: 4, s5xx: 4, limited: 7, limited4xx: 3, limited5xx: 4 }]);
  });
});
