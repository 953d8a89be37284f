import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { NginxImportInput } from '@/app/_lib/api/import-schemas.ts';
import { applyReport } from '@/app/_lib/queries/config-state.ts';
import { applyImport, findConflicts } from '@/app/_lib/queries/import.ts';
import { importNginx } from '@/proxy-engine/import/import-nginx.ts';
import { isNginxParseError } from '@/proxy-engine/import/parse-error.ts';

// POST /api/v1/import/nginx – import an nginx configuration (or preview it with dryRun)
export const POST = apiRoute({ scope: 'write', body: NginxImportInput }, async ({ db, body, principal, ip }) => {
  let plan;
  try {
    plan = importNginx(body.config, body.files);
  } catch (error) {
    if (isNginxParseError(error)) {
      const e = error.toJSON();
      throw new ApiError('validation_failed', `line ${e.line}, column ${e.column}: ${e.message}`, [{ path: 'config', ...e }]);
    }
    throw error;
  }
  const { warnings, ...objects } = plan;
  if (body.dryRun) return { dryRun: true, wouldCreate: objects, warnings, conflicts: await findConflicts(db, plan) };
  const result = await applyImport(db, plan, { principal, ip });
  return { dryRun: false, created: { hosts: result.hostIds, pools: result.poolIds, cacheZones: objects.cacheZones.map((z) => z.name), limitZones: objects.limitZones.map((z) => z.name) }, warnings, notes: result.notes, apply: await applyReport(result.revision, [...result.hostIds, ...result.poolIds]) };
});
