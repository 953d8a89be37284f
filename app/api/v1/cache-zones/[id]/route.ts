import { CacheZoneInput } from '@/core/config/zones.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { deleteZone, saveCacheZone } from '@/app/_lib/queries/zone.ts';

type Params = { id: string };

// PUT /api/v1/cache-zones/[id] – replace a cache zone
export const PUT = apiRoute<typeof CacheZoneInput, Params>({ scope: 'write', body: CacheZoneInput }, async ({ db, params, body, principal, ip }) => {
  const { zone, revision } = await saveCacheZone(db, params.id, body, { principal, ip });
  return { zone, apply: await applyReport(revision, [zone.id]) };
});

// DELETE /api/v1/cache-zones/[id] – delete a cache zone no location uses
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const { revision } = await deleteZone(db, 'cache', params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
