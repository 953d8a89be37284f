import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';
import { StreamTraceInput, type StreamTrace } from '@/core/contract/streams.ts';

// POST /api/v1/streams/trace – which stream, SNI route and pool a connection reaches
export const POST = apiRoute({ scope: 'read', body: StreamTraceInput }, async ({ body }) => {
  const res = await engineRequest('POST', '/streams/trace', body);
  if (!res) throw new ApiError('engine_unavailable', 'the proxy engine is not answering; try again shortly');
  if (!res.ok) throw new ApiError('bad_request', ((await res.json().catch(() => ({}))) as { error?: string }).error ?? 'the engine refused the trace');
  return (await res.json()) as StreamTrace;
});
