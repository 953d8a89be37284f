import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';
import { BackupRestoreInput } from '@/app/_lib/api/import-schemas.ts';
import { dashboardEnv } from '@/app/_lib/env.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { backupFileNamed, snapshotInBackup } from '@/core/db/backup-snapshot.ts';
import { restoreChanges, restoreSnapshot } from '@/core/db/config-restore.ts';

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
  if (body.dryRun) return { dryRun: true, backupRevision: held.revision, changes: await restoreChanges(db, held.snapshot) };
  const revision = await restoreSnapshot(db, held.snapshot, {
    summary: `configuration restored from the backup ${params.name} (its revision ${held.revision})`,
    meta: { principal, ip },
    objectType: 'backup',
    objectId: params.name,
  });
  return { dryRun: false, backupRevision: held.revision, revision, apply: await applyReport(revision, []) };
});
