import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError, zodIssues } from '@/app/_lib/api/errors.ts';
import { JsonImportInput } from '@/app/_lib/api/import-schemas.ts';
import { audit, bumpRevision } from '@/core/db/config-state.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { parseSnapshot, readSnapshot, writeSnapshot } from '@/core/db/snapshot.ts';
import { diffSnapshots } from '@/core/db/snapshot-diff.ts';
import { guardUpstreams, upstreamTargets } from '@/core/db/upstream-guard.ts';

// POST /api/v1/import/json – restore a whole configuration from a JSON export (replaces everything)
export const POST = apiRoute({ scope: 'admin', body: JsonImportInput }, async ({ db, body, principal, ip }) => {
  const raw = (body.snapshot ?? {}) as { snapshot?: unknown };
  // Accept the export document as it is downloaded, or its inner snapshot.
  const parsed = parseSnapshot(raw.snapshot ?? raw);
  if (!parsed.success) throw validationError(zodIssues(parsed.error, ['snapshot']));
  if (body.dryRun) {
    const current = await db.$transaction((tx) => readSnapshot(tx));
    return { dryRun: true, changes: diffSnapshots(current, parsed.data) };
  }
  const revision = await db.$transaction(
    async (tx) => {
      await writeSnapshot(tx, parsed.data);
      // Judged with the settings just restored (the snapshot's own allowLinkLocalUpstreams).
      await guardUpstreams(tx, upstreamTargets(parsed.data, 'snapshot.'));
      const next = await bumpRevision(tx, { summary: 'configuration restored from a JSON export', source: 'restore', principal });
      await audit(tx, { principal, ip, action: 'config.restore', objectType: 'config', revision: next });
      return next;
    },
    { timeout: 60_000 },
  );
  return { dryRun: false, revision, apply: await applyReport(revision, []) };
});
