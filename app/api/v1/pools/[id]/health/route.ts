import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';
import { getPoolOrThrow } from '@/app/_lib/queries/pool.ts';

// GET /api/v1/pools/[id]/health – live state per server (health, failures, in-flight, last check, latency)
export const GET = apiRoute<undefined, { id: string }>({ scope: 'read' }, async ({ db, params }) => {
  await getPoolOrThrow(db, params.id);
  const res = await callEngine('GET', `/pools/${encodeURIComponent(params.id)}/health`, { consequence: 'there is no live health', action: 'report the pool\'s health' }, { accept: [404] });
  if (res.status === 404) throw new ApiError('not_found', 'the pool is not in the running configuration (not applied yet, or disabled by an error)');
  return res.json();
});
