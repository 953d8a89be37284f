// Live statistics of several nodes (PORTICO_REDIS_URL): two engines (two data directories
// and ports, as two machines) publish their seconds on one real redis-server; the
// dashboard's merger (app/_lib/live/cluster-stream.ts, what GET /api/v1/stats/stream serves
// with Redis) adds them up. The merged stream's request counts are the sum of the traffic
// sent to each, `node` follows one, Last-Event-ID replays the kept seconds after an id, and
// a stopped node drops out.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../core/contract/stats.ts';
import { parseRedisUrl, type RedisAddress } from '../../core/redis/url.ts';
import { ClusterStatsStream } from '../../app/_lib/live/cluster-stream.ts';
import { clusterSseResponse } from '../../app/_lib/live/cluster-sse.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { waitFor } from '../helpers/ports.ts';
import { hasRedisServer, startTestRedis, type TestRedis } from '../helpers/redis.ts';

const HOST = 'live.test';
const SENT = { 'edge-a': 7, 'edge-b': 4 };

let redis: TestRedis;
let engines: Record<'edge-a' | 'edge-b', TestEngine>;
let cluster: ClusterStatsStream;

/** Everything a view has sent since following began: requests (all hosts, and HOST) and the ids. */
function tally(view: string) {
  const seen = { requests: 0, hostRequests: 0, seqs: [] as number[] };
  const stop = cluster.follow(view, null, (entry) => {
    const s = JSON.parse(entry.json) as StatsSnapshot;
    seen.requests += s.total.requests;
    seen.hostRequests += s.hosts[HOST]?.requests ?? 0;
    seen.seqs.push(entry.seq);
  });
  return { seen, stop };
}

async function send(engine: TestEngine, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    // node:http, not fetch: fetch does not send a Host header of its own choosing.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: engine.port, path: '/', headers: { host: HOST } }, (res) => res.resume().on('end', () => resolve(res.statusCode))).on('error', reject);
    });
    expect(status).toBe(200);
  }
}

beforeAll(async () => {
  if (!hasRedisServer) return;
  redis = await startTestRedis();
  const [a, b] = await Promise.all([
    startTestEngine({ PORTICO_REDIS_URL: redis.url, PORTICO_NODE_NAME: 'edge-a' }),
    startTestEngine({ PORTICO_REDIS_URL: redis.url, PORTICO_NODE_NAME: 'edge-b' }),
  ]);
  engines = { 'edge-a': a, 'edge-b': b };
  const config = { hosts: [{ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'ok' } }] }] };
  await Promise.all([a.configure(config), b.configure(config)]);
  cluster = new ClusterStatsStream({ address: parseRedisUrl(redis.url) as RedisAddress });
  expect(await cluster.whenReady(10_000)).toBe(true);
}, 120_000);

afterAll(async () => {
  cluster?.close();
  await Promise.all(Object.values(engines ?? {}).map((e) => e.stop()));
  await redis?.stop();
});

describe.skipIf(!hasRedisServer)('live statistics of every node', () => {
  it('adds up both nodes\' seconds, follows one node, and resumes after a Last-Event-ID', async () => {
    await waitFor('both nodes heard', async () => cluster.liveNodes().join() === 'edge-a,edge-b', 30_000);
    const all = tally('');
    const perNode = { 'edge-a': tally('edge-a'), 'edge-b': tally('edge-b') };
    await Promise.all([send(engines['edge-a'], SENT['edge-a']), send(engines['edge-b'], SENT['edge-b'])]);
    const sum = SENT['edge-a'] + SENT['edge-b'];
    await waitFor('the merged stream to count every request', async () => all.seen.requests >= sum && perNode['edge-a'].seen.requests >= SENT['edge-a'] && perNode['edge-b'].seen.requests >= SENT['edge-b'], 60_000);
    // Three more seconds: a node's second counted twice would show here.
    const after = all.seen.seqs.at(-1)!;
    await waitFor('three more seconds', async () => all.seen.seqs.at(-1)! >= after + 3, 30_000);
    expect(all.seen).toMatchObject({ requests: sum, hostRequests: sum });
    expect(perNode['edge-a'].seen).toMatchObject({ requests: SENT['edge-a'], hostRequests: SENT['edge-a'] });
    expect(perNode['edge-b'].seen).toMatchObject({ requests: SENT['edge-b'], hostRequests: SENT['edge-b'] });
    // Ids are the seconds, increasing, the same in every view.
    expect(all.seen.seqs).toEqual([...all.seen.seqs].sort((x, y) => x - y));
    expect(new Set(all.seen.seqs).size).toBe(all.seen.seqs.length);
    expect(perNode['edge-a'].seen.seqs.at(-1)).toBe(all.seen.seqs.at(-1));
    for (const t of [all, perNode['edge-a'], perNode['edge-b']]) t.stop();

    // The SSE answer: a client that saw the second before the traffic gets every kept second after it.
    const first = all.seen.seqs[0]!;
    const aborted = new AbortController();
    const res = clusterSseResponse(cluster, '', String(first - 1), aborted.signal);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(`id: ${after + 3}\n`)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    aborted.abort();
    const events = text.split('\n\n').filter((e) => e.startsWith('id: ')).map((e) => ({ id: Number(/^id: (\d+)/.exec(e)![1]), data: JSON.parse(/\ndata: (.*)$/s.exec(e)![1]!) as StatsSnapshot }));
    expect(text.startsWith('retry: ')).toBe(true);
    expect(events[0]!.id).toBe(first);
    expect(events.map((e) => e.id)).toEqual(all.seen.seqs.filter((s) => s <= after + 3));
    expect(events.reduce((n, e) => n + e.data.total.requests, 0)).toBe(sum);
  });

  it('drops a node that has stopped sending', async () => {
    await engines['edge-b'].stop();
    await waitFor('edge-b to drop out', async () => cluster.liveNodes().join() === 'edge-a', 30_000);
    const all = tally('');
    await send(engines['edge-a'], 3);
    await waitFor('edge-a\'s requests alone', async () => all.seen.requests >= 3, 60_000);
    all.stop();
    expect(all.seen.requests).toBe(3);
  });
});
