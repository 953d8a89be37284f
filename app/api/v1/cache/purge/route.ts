import { PurgeRequest } from '@/proxy-engine/cache/zones.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { engineRequest } from '@/app/_lib/engine-client.ts';
import { audit } from '@/app/_lib/queries/config-state.ts';

// POST /api/v1/cache/purge – remove cached entries by exact URL or by prefix (optionally in one zone)
export const POST = apiRoute({ scope: 'write', body: PurgeRequest }, async ({ db, body, principal, ip }) => {
  const res = await engineRequest('POST', '/cache/purge', body, 10000);
  if (!res) throw new ApiError('engine_unavailable', 'the engine is not running, so there is no cache to purge');
  const json = (await res.json()) as { removed?: number; error?: { message: string } };
  if (res.status === 404) throw new ApiError('not_found', json.error?.message ?? 'no such cache zone');
  if (!res.ok) throw new ApiError('bad_request', json.error?.message ?? 'purge failed');
  await audit(db, { principal, ip, action: 'cache.purge', objectType: 'cacheZone', objectId: body.zone, after: { ...body, removed: json.removed } });
  return json;
});
