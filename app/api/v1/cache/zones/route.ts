import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';

// GET /api/v1/cache/zones – per cache zone: entries, bytes, hit ratio (from the running engine)
export const GET = apiRoute({ scope: 'read' }, async () => {
  const res = await engineRequest('GET', '/cache/zones');
  if (!res?.ok) throw new ApiError('engine_unavailable', 'the engine is not running, so there is no cache to summarise');
  return res.json();
});
