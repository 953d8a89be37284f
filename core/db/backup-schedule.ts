// Scheduled database backups: how often and how many to keep. Stored beside the
// configuration, not in it (a Setting row of its own), so restoring an older configuration
// never changes how backups are taken.
import { z } from 'zod';
import type { Db } from './client.ts';
import type { Prisma } from './generated/client.ts';
import { audit, type WriteMeta } from './config-state.ts';

export const BACKUP_SCHEDULE_KEY = 'backupSchedule';

export const BackupSchedule = z
  .object({
    enabled: z.boolean().default(true).describe('Take backups on a schedule (the controller does, while it holds the lease).'),
    intervalHours: z.number().int().min(1).max(24 * 31).default(24).describe('Hours between two scheduled backups (daily by default).'),
    keep: z.number().int().min(1).max(1000).default(7).describe('Scheduled backups kept; older ones are deleted. Manual and pre-migration backups are never deleted.'),
  })
  .strict();
export type BackupSchedule = z.output<typeof BackupSchedule>;

export async function getBackupSchedule(db: Db): Promise<BackupSchedule> {
  const row = await db.setting.findUnique({ where: { key: BACKUP_SCHEDULE_KEY } });
  const parsed = BackupSchedule.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : BackupSchedule.parse({});
}

export async function saveBackupSchedule(db: Db, schedule: BackupSchedule, meta: WriteMeta): Promise<BackupSchedule> {
  const before = await getBackupSchedule(db);
  const value = schedule as unknown as Prisma.InputJsonValue;
  await db.setting.upsert({ where: { key: BACKUP_SCHEDULE_KEY }, create: { key: BACKUP_SCHEDULE_KEY, value }, update: { value } });
  await audit(db, { ...meta, action: 'backup.schedule', objectType: 'backup', objectId: BACKUP_SCHEDULE_KEY, before, after: schedule });
  return schedule;
}
