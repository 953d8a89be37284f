// The scheduled backup, one tick: only the controller holding the lease takes it (several
// instances on one data directory must not each take one), daily by default, keeping the
// newest N (core/db/backup-rotation.ts). A failure is logged and retried at the next tick.
import type { Db } from '../../core/db/client.ts';
import { databaseFile } from '../../core/db/client.ts';
import { getBackupSchedule } from '../../core/db/backup-schedule.ts';
import { runScheduledBackup } from '../../core/db/backup-rotation.ts';
import { plural } from '../../core/views/plural.ts';

/** How often the controller looks whether a scheduled backup is due. */
export const BACKUP_CHECK_MS = 60_000;

export async function backupTick(db: Db, dataDir: string, now: number, log: (line: string) => void): Promise<void> {
  const schedule = await getBackupSchedule(db);
  const done = await runScheduledBackup(databaseFile(dataDir), dataDir, schedule, now);
  if (!done) return;
  log(`scheduled backup written to ${done.file}${done.pruned.length > 0 ? `; ${plural(done.pruned.length, 'older scheduled backup')} deleted (keeping ${schedule.keep})` : ''}`);
}
