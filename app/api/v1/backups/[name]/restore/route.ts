import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { BackupRestoreInput } from '@/app/_lib/api/import-schemas.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { audit, bumpRevision } from '@/core/db/config-state.ts';
import { backupFileNamed, snapshotInBackup } from '@/core/db/backup-snapshot.ts';
import { readSnapshot, writeSnapshot } from '@/core/db/snapshot.ts';
import { diffSnapshots } from '@/core/db/snapshot-diff.ts';
import { guardUpstreams, upstreamTargets } from '@/core/db/upstream-guard.ts';

// POST /api/v1/backups/{name}/restore – restore the configuration a database backup holds (dryRun: the changes only)
export const POST = apiRoute<typeof BackupRestoreInput, { name: string }>({ scope: 'admin', body: BackupRestoreInput }, async ({ db, params, body, principal, ip }) => {
  const file = backupFileNamed(dashboardEnv().dataDir, params.name);
  if (!file) throw new ApiError('not_found', `there is no backup named ${params.name}`);
  let held;
  try {
    held = snapshotInBackup(file);
  } catch (error) {
    throw new ApiError('validation_failed', `${params.name} cannot be restored: ${(error as Error).message}`);
  }
  if (body.dryRun) {
    const current = await db.$transaction((tx) => readSnapshot(tx));
    return { dryRun: true, backupRevision: held.revision, changes: diffSnapshots(current, held.snapshot) };
  }
  const revision = await db.$transaction(
    async (tx) => {
      await writeSnapshot(tx, held.snapshot);
      await guardUpstreams(tx, upstreamTargets(held.snapshot, 'snapshot.'));
      const next = await bumpRevision(tx, { summary: `configuration restored from the backup ${params.name} (its revision ${held.revision})`, source: 'restore', principal });
      await audit(tx, { principal, ip, action: 'config.restore', objectType: 'backup', objectId: params.name, revision: next });
      return next;
    },
    { timeout: 60_000 },
  );
  return { dryRun: false, backupRevision: held.revision, revision, apply: await applyReport(revision, []) };
});
