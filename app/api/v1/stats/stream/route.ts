import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';

// GET /api/v1/stats/stream – live statistics (SSE, one event a second), relayed from the
// engine behind the dashboard's auth; honours Last-Event-ID
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const lastEventId = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId');
  const upstream = await callEngine('GET', '/stats/stream', { consequence: 'there are no live statistics', action: 'stream live statistics' }, { signal: req.signal, timeoutMs: 0, headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
  if (!upstream.body) throw new ApiError('internal', 'the engine answered the statistics stream without a stream');
  return new Response(upstream.body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive' },
  });
});
