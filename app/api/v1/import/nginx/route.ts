import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { NginxImportInput } from '@/app/_lib/api/import-schemas.ts';
import { applyReport } from '@/app/_lib/queries/config-state.ts';
import { applyImport, findConflicts } from '@/app/_lib/queries/import.ts';
import { currentUnknownHosts, keepingUnknownHosts, unknownHostOutcomes } from '@/app/_lib/queries/import-unknown-hosts.ts';
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
  const chosen = body.keepDefaultServer ? keepingUnknownHosts(plan) : plan;
  const { warnings, ...objects } = chosen;
  const current = await currentUnknownHosts(db);
  if (body.dryRun) {
    const unknownHosts = { imported: unknownHostOutcomes(plan, current), kept: unknownHostOutcomes(keepingUnknownHosts(plan), current) };
    return { dryRun: true, wouldCreate: objects, warnings, conflicts: await findConflicts(db, plan), unknownHosts };
  }
  const unknownHosts = unknownHostOutcomes(chosen, current);
  const result = await applyImport(db, chosen, { principal, ip });
  return {
    dryRun: false,
    created: { hosts: result.hostIds, pools: result.poolIds, cacheZones: objects.cacheZones.map((z) => z.name), limitZones: objects.limitZones.map((z) => z.name) },
    warnings,
    notes: result.notes,
    unknownHosts,
    apply: await applyReport(result.revision, [...result.hostIds, ...result.poolIds]),
  };
});
