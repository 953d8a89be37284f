import { apiRoute } from '@/app/_lib/api/handler.ts';
import { NginxImportInput } from '@/app/_lib/api/import-schemas.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { applyImport, findConflicts, planNginxImport } from '@/app/_lib/queries/import.ts';
import { currentUnknownHosts, keepingUnknownHosts, keepingUnknownHostsView, unknownHostOutcomes } from '@/app/_lib/queries/import-unknown-hosts.ts';

// POST /api/v1/import/nginx – import an nginx configuration (or preview it with dryRun)
export const POST = apiRoute({ scope: 'write', body: NginxImportInput }, async ({ db, body, principal, ip }) => {
  const planned = await planNginxImport(body.config, body.files);
  const current = await currentUnknownHosts(db);
  if (body.dryRun && !body.keepDefaultServer) {
    const conflicts = await findConflicts(db, planned.names);
    const unknownHosts = { imported: unknownHostOutcomes(planned.defaults, current), kept: unknownHostOutcomes(keepingUnknownHostsView(planned.defaults), current) };
    // The plan goes out as the worker's JSON text: parsing and serialising 20,000 hosts
    // again here would hold the event loop for half a second.
    const text = `{"dryRun":true,"wouldCreate":${planned.objectsJson},"warnings":${planned.warningsJson},"conflicts":${JSON.stringify(conflicts)},"unknownHosts":${JSON.stringify(unknownHosts)}}`;
    return new Response(text, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  }
  const plan = planned.plan();
  const chosen = body.keepDefaultServer ? keepingUnknownHosts(plan) : plan;
  const { warnings, ...objects } = chosen;
  if (body.dryRun) {
    const unknownHosts = { imported: unknownHostOutcomes(planned.defaults, current), kept: unknownHostOutcomes(chosen, current) };
    return { dryRun: true, wouldCreate: objects, warnings, conflicts: await findConflicts(db, planned.names), unknownHosts };
  }
  const result = await applyImport(db, chosen, { principal, ip });
  return {
    dryRun: false,
    created: { hosts: result.hostIds, pools: result.poolIds, cacheZones: objects.cacheZones.map((z) => z.name), limitZones: objects.limitZones.map((z) => z.name), streams: result.streamIds },
    warnings,
    notes: result.notes,
    unknownHosts: unknownHostOutcomes(chosen, current),
    apply: await applyReport(result.revision, [...result.hostIds, ...result.poolIds, ...result.streamIds]),
  };
});
