import { CacheZoneInput } from '@/core/config/zones.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { listCacheZones, saveCacheZone } from '@/app/_lib/queries/zone.ts';

// GET /api/v1/cache-zones – list cache zones
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ zones: await listCacheZones(db) }));

// POST /api/v1/cache-zones – create a cache zone
export const POST = apiRoute({ scope: 'write', body: CacheZoneInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const { zone, revision } = await saveCacheZone(db, null, body, { principal, ip });
  return { zone, apply: await applyReport(revision, [zone.id]) };
});
