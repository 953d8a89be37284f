import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { clusterSseResponse, clusterStatsStream } from '@/app/_lib/live/cluster-sse.ts';
import { nodeName } from '@/core/env.ts';

// GET /api/v1/stats/stream[?node=<name>] – live statistics (SSE, one event a second) behind the
// dashboard's auth; honours Last-Event-ID. With PORTICO_REDIS_URL: every node's seconds added
// up (or the one node named), merged from the channel the engines publish on. Without it:
// relayed from this instance's engine, the only one this dashboard can see.
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const lastEventId = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId');
  const node = req.nextUrl.searchParams.get('node') || '';
  const env = dashboardEnv();
  const cluster = clusterStatsStream(env.PORTICO_REDIS_URL);
  if (cluster) return clusterSseResponse(cluster, node, lastEventId, req.signal);
  if (node && node !== nodeName(env)) throw new ApiError('bad_request', `only this instance's statistics (${nodeName(env)}) are live here: following another node needs PORTICO_REDIS_URL`);
  const upstream = await callEngine('GET', '/stats/stream', { consequence: 'there are no live statistics', action: 'stream live statistics' }, { signal: req.signal, timeoutMs: 0, headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
  if (!upstream.body) throw new ApiError('internal', 'the engine answered the statistics stream without a stream');
  return new Response(upstream.body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive' },
  });
});
