import { apiRoute } from '@/app/_lib/api/handler.ts';
import { BackupSchedule, getBackupSchedule, saveBackupSchedule } from '@/core/db/backup-schedule.ts';

// GET /api/v1/backups/schedule – how often backups are taken and how many are kept
export const GET = apiRoute({ scope: 'admin' }, async ({ db }) => ({ schedule: await getBackupSchedule(db) }));

// PUT /api/v1/backups/schedule – change it (the controller applies it within a minute)
export const PUT = apiRoute({ scope: 'admin', body: BackupSchedule }, async ({ db, body, principal, ip }) => ({
  schedule: await saveBackupSchedule(db, body, { principal, ip }),
}));
