import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError, zodIssues } from '@/app/_lib/api/errors.ts';
import { JsonImportInput } from '@/app/_lib/api/import-schemas.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { parseExport, restoreChanges, restoreSnapshot } from '@/core/db/config-restore.ts';

// POST /api/v1/import/json – restore a whole configuration from a JSON export (replaces everything)
export const POST = apiRoute({ scope: 'admin', body: JsonImportInput }, async ({ db, body, principal, ip }) => {
  const parsed = parseExport(body.snapshot ?? {});
  if (!parsed.success) throw validationError(zodIssues(parsed.error, ['snapshot']));
  if (body.dryRun) return { dryRun: true, changes: await restoreChanges(db, parsed.data) };
  const revision = await restoreSnapshot(db, parsed.data, { summary: 'configuration restored from a JSON export', meta: { principal, ip }, objectType: 'config' });
  return { dryRun: false, revision, apply: await applyReport(revision, []) };
});
