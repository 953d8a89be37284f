import { LimitZoneInput } from '@/core/config/zones.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { listLimitZones, saveLimitZone } from '@/app/_lib/queries/zone.ts';

// GET /api/v1/limit-zones – list limit zones
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ zones: await listLimitZones(db) }));

// POST /api/v1/limit-zones – create a limit zone
export const POST = apiRoute({ scope: 'write', body: LimitZoneInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const { zone, revision } = await saveLimitZone(db, null, body, { principal, ip });
  return { zone, apply: await applyReport(revision, [zone.id]) };
});
