import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';

// GET /api/v1/logs/stream?host – live tail of the access log (SSE, one event per request)
export const GET = apiRoute({ scope: 'read' }, async ({ req }) => {
  const host = req.nextUrl.searchParams.get('host');
  const upstream = await callEngine('GET', `/logs/stream${host ? `?host=${encodeURIComponent(host)}` : ''}`, { consequence: 'there is nothing to tail', action: 'tail its access log' }, { signal: req.signal, timeoutMs: 0 });
  if (!upstream.body) throw new ApiError('internal', 'the engine answered the log tail without a stream');
  return new Response(upstream.body, { headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform' } });
});
