import { apiRoute } from '@/app/_lib/api/handler.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import type { StreamStatus } from '@/core/contract/streams.ts';

// GET /api/v1/streams/live – per stream: listening or why not, connections open, bytes each way
export const GET = apiRoute({ scope: 'read' }, async () => {
  const outcome = await engine().call('GET', '/streams');
  if (outcome.kind !== 'answered' || !outcome.res.ok) return { running: false, streams: [] as StreamStatus[] };
  const { streams } = (await outcome.res.json()) as { streams: StreamStatus[] };
  return { running: true, streams };
});
