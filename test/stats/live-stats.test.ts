// Live statistics end to end: traffic through the engine to upstreams with known delays,
// read back from the dashboard's SSE relay, the history API and Prometheus /metrics.
import http from 'node:http';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { request } from '../helpers/http-client.ts';
import { startPortico, signIn, type ApiClient, type Portico } from '../helpers/portico.ts';
import { waitFor } from '../helpers/ports.ts';
import { readStatsStream, type SseEvent } from '../helpers/stats-stream.ts';
import { readControlToken } from '../../core/contract/control-token.ts';

let portico: Portico;
let api: ApiClient;
let fast: EchoUpstream;
let slow: EchoUpstream;

const delayed = (ms: number) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  setTimeout(() => res.end('ok'), ms);
  return true;
};

beforeAll(async () => {
  [portico, fast, slow] = await Promise.all([startPortico(), startEchoUpstream(delayed(20), 'fast'), startEchoUpstream(delayed(200), 'slow')]);
  api = await signIn(portico.dashboard);
  await api.call('POST', '/api/v1/hosts', {
    serverNames: ['stats.test'],
    locations: [
      { path: '/fast/', action: { kind: 'proxy', address: fast.address } },
      { path: '/slow/', action: { kind: 'proxy', address: slow.address } },
    ],
  });
});
afterAll(async () => {
  await Promise.all([portico?.stop(), fast?.close(), slow?.close()]);
});

type StreamEvent = SseEvent<{ hosts: Record<string, { requests: number; status: Record<string, number> }>; upstreams: Record<string, { requests: number; latencyMs: { p50: number; p95: number; p99: number } | null }> }>;

const readStream = (until: (events: StreamEvent[]) => boolean, timeoutMs: number) => readStatsStream<StreamEvent['data']>(portico.dashboard, api.cookie, until, timeoutMs);

describe('live statistics', () => {
  it('streams per-host counts and per-upstream latency percentiles within 2 s', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const sent = Date.now();
    await Promise.all([
      ...Array.from({ length: 20 }, () => request(portico.ports.http, '/fast/x', { headers: { host: 'stats.test' }, agent })),
      ...Array.from({ length: 8 }, () => request(portico.ports.http, '/slow/x', { headers: { host: 'stats.test' }, agent })),
      request(portico.ports.http, '/missing', { headers: { host: 'stats.test' }, agent }),
    ]);
    agent.destroy();
    const seen = { fast: 0, slow: 0, fastP50: [] as number[], slowP50: [] as number[], host2xx: 0, host4xx: 0 };
    const events = await readStream((evs) => {
      seen.fast = seen.slow = seen.host2xx = seen.host4xx = 0;
      for (const e of evs) {
        const f = e.data.upstreams[fast.address];
        const s = e.data.upstreams[slow.address];
        if (f) (seen.fast += f.requests, f.latencyMs && seen.fastP50.push(f.latencyMs.p50));
        if (s) (seen.slow += s.requests, s.latencyMs && seen.slowP50.push(s.latencyMs.p50));
        const h = e.data.hosts['stats.test'];
        if (h) (seen.host2xx += h.status['2xx'] ?? 0, seen.host4xx += h.status['4xx'] ?? 0);
      }
      return seen.fast >= 20 && seen.slow >= 8 && seen.host4xx >= 1;
    }, 5000);
    expect(Date.now() - sent).toBeLessThan(4000);
    expect(events.length).toBeGreaterThan(0);
    expect({ fast: seen.fast, slow: seen.slow, ok: seen.host2xx, notFound: seen.host4xx }).toEqual({ fast: 20, slow: 8, ok: 28, notFound: 1 });
    // Percentiles land in the right buckets: never below the upstream's delay (the histogram's
    // error is under 3 %), and the two upstreams apart (upper bounds are loose: a busy CI
    // machine adds queueing time, not histogram error).
    for (const p50 of seen.fastP50) expect(p50).toBeGreaterThanOrEqual(19), expect(p50).toBeLessThan(195);
    for (const p50 of seen.slowP50) expect(p50).toBeGreaterThanOrEqual(195), expect(p50).toBeLessThan(1000);
  });

  it('resumes from Last-Event-ID without gaps', async () => {
    const first = await readStream((evs) => evs.length >= 2, 5000);
    const last = first[first.length - 1]!.id;
    await new Promise((r) => setTimeout(r, 2200));
    const res = await fetch(`${portico.dashboard}/api/v1/stats/stream`, { headers: { cookie: api.cookie, 'last-event-id': String(last) } });
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const firstId = Number(/^id: (\d+)$/m.exec(new TextDecoder().decode(value))?.[1]);
    expect(firstId).toBe(last + 1);
  });

  it('exposes Prometheus metrics that parse with a Prometheus text parser', async () => {
    const token = readControlToken(portico.dataDir)!;
    const info = JSON.parse((await import('node:fs')).readFileSync(`${portico.dataDir}/engine.json`, 'utf8')) as { ports: { control: number } };
    const text = await waitFor('metrics with requests', async () => {
      const body = await (await fetch(`http://127.0.0.1:${info.ports.control}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
      return body.includes('stats.test') ? body : null;
    }, 5000);
    const families = parsePrometheusTextFormat(text) as { name: string; type: string; metrics: unknown[] }[];
    expect(families.length).toBeGreaterThan(3);
    expect(families.some((f) => f.type === 'HISTOGRAM')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${info.ports.control}/metrics`)).status).toBe(401);
  });
});

describe('access and error logs', () => {
  it('finds a request by its id, and explains an upstream failure in the error log', async () => {
    const ok = await request(portico.ports.http, '/fast/log-me?x=1', { headers: { host: 'stats.test', 'user-agent': 'log-test' } });
    const requestId = ok.headers['x-request-id'] as string;
    expect(requestId).toBeTruthy();
    const found = await waitFor('the log line', async () => {
      const res = await api.call('GET', `/api/v1/logs?requestId=${requestId}`);
      return res.json.entries?.length ? res.json.entries : null;
    }, 5000);
    expect(found[0]).toMatchObject({ requestId, host: 'stats.test', method: 'GET', uri: '/fast/log-me?x=1', status: 200, upstreamAddr: fast.address, userAgent: 'log-test' });

    await api.call('POST', '/api/v1/hosts', { serverNames: ['down.test'], locations: [{ path: '/', action: { kind: 'proxy', address: '127.0.0.1:9' } }] });
    const failed = await request(portico.ports.http, '/', { headers: { host: 'down.test' } });
    expect(failed.status).toBe(502);
    const errors = await waitFor('the error line', async () => {
      const res = await api.call('GET', `/api/v1/logs?source=error&requestId=${failed.headers['x-request-id']}`);
      return res.json.entries?.length ? res.json.entries : null;
    }, 5000);
    expect(errors[0]).toMatchObject({ upstream: '127.0.0.1:9', reason: 'connection refused', status: 502 });
  });
});
