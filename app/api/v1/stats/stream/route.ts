import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { controlFetch } from '@/app/_lib/engine-client.ts';

// GET /api/v1/stats/stream – live statistics (SSE, one event a second), relayed from the
// engine behind the dashboard's auth; honours Last-Event-ID
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const lastEventId = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId');
  const upstream = await controlFetch('GET', '/stats/stream', { signal: req.signal, headers: lastEventId ? { 'last-event-id': lastEventId } : {} });
  if (!upstream?.ok || !upstream.body) throw new ApiError('engine_unavailable', 'the engine is not running, so there are no live statistics');
  return new Response(upstream.body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive' },
  });
});
