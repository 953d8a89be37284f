import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { controlFetch } from '@/app/_lib/engine-client.ts';

// GET /api/v1/logs/stream?host – live tail of the access log (SSE, one event per request)
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const host = req.nextUrl.searchParams.get('host');
  const upstream = await controlFetch('GET', `/logs/stream${host ? `?host=${encodeURIComponent(host)}` : ''}`, { signal: req.signal });
  if (!upstream?.ok || !upstream.body) throw new ApiError('engine_unavailable', 'the engine is not running, so there is nothing to tail');
  return new Response(upstream.body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform' } });
});
