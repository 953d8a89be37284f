import { apiRoute } from '@/app/_lib/api/handler.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';
import type { StreamStatus } from '@/core/contract/streams.ts';

// GET /api/v1/streams/live – per stream: listening or why not, connections open, bytes each way
export const GET = apiRoute({ scope: 'read' }, async () => {
  const res = await engineRequest('GET', '/streams');
  if (!res?.ok) return { running: false, streams: [] as StreamStatus[] };
  const { streams } = (await res.json()) as { streams: StreamStatus[] };
  return { running: true, streams };
});
