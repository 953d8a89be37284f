import { LimitZoneInput } from '@/core/config/zones.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { deleteZone, saveLimitZone } from '@/app/_lib/queries/zone.ts';

type Params = { id: string };

// PUT /api/v1/limit-zones/[id] – replace a limit zone
export const PUT = apiRoute<typeof LimitZoneInput, Params>({ scope: 'write', body: LimitZoneInput }, async ({ db, params, body, principal, ip }) => {
  const { zone, revision } = await saveLimitZone(db, params.id, body, { principal, ip });
  return { zone, apply: await applyReport(revision, [zone.id]) };
});

// DELETE /api/v1/limit-zones/[id] – delete a limit zone no location uses
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const { revision } = await deleteZone(db, 'limit', params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
