import { apiRoute } from '@/app/_lib/api/handler.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';
import { StreamTraceInput, type StreamTrace } from '@/core/contract/streams.ts';

// POST /api/v1/streams/trace – which stream, SNI route and pool a connection reaches
export const POST = apiRoute({ scope: 'read', body: StreamTraceInput }, async ({ body }) => {
  const res = await callEngine('POST', '/streams/trace', { consequence: 'connections cannot be traced', action: 'trace a connection' }, { body });
  return (await res.json()) as StreamTrace;
});
