import { PurgeRequest } from '@/core/contract/cache.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { callEngine } from '@/app/_lib/api/engine-call.ts';
import { audit } from '@/core/db/config-state.ts';

// POST /api/v1/cache/purge – remove cached entries by exact URL or by prefix (optionally in one zone)
export const POST = apiRoute({ scope: 'write', body: PurgeRequest }, async ({ db, body, principal, ip }) => {
  // A 404 (no such zone) keeps the engine's message.
  const res = await callEngine('POST', '/cache/purge', { consequence: 'there is no cache to purge', action: 'purge its cache' }, { body, timeoutMs: 10000 });
  const json = (await res.json()) as { removed?: number };
  await audit(db, { principal, ip, action: 'cache.purge', objectType: 'cacheZone', objectId: body.zone, after: { ...body, removed: json.removed } });
  return json;
});
