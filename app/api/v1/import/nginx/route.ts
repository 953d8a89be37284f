import { apiRoute } from '@/app/_lib/api/handler.ts';
import { NginxImportInput } from '@/app/_lib/api/import-schemas.ts';
import { applyReport } from '@/app/_lib/queries/config-state.ts';
import { applyImport, findConflicts, planNginxImport } from '@/app/_lib/queries/import.ts';

// POST /api/v1/import/nginx – import an nginx configuration (or preview it with dryRun)
export const POST = apiRoute({ scope: 'write', body: NginxImportInput }, async ({ db, body, principal, ip }) => {
  const plan = await planNginxImport(body.config, body.files);
  const { warnings, ...objects } = plan;
  if (body.dryRun) return { dryRun: true, wouldCreate: objects, warnings, conflicts: await findConflicts(db, plan) };
  const result = await applyImport(db, plan, { principal, ip });
  return { dryRun: false, created: { hosts: result.hostIds, pools: result.poolIds, cacheZones: objects.cacheZones.map((z) => z.name), limitZones: objects.limitZones.map((z) => z.name) }, warnings, notes: result.notes, apply: await applyReport(result.revision, [...result.hostIds, ...result.poolIds]) };
});
