// The scheduled backup job's two steps: is one due, and which scheduled backups are past
// the number to keep. Only files this job made (…-scheduled.db) are ever deleted: a manual
// or pre-migration backup is somebody's deliberate copy.
import fs from 'node:fs';
import { backupDatabase, listBackups, type BackupFile } from './backup.ts';
import type { BackupSchedule } from './backup-schedule.ts';

export const SCHEDULED_REASON = 'scheduled';
const isScheduled = (b: BackupFile) => b.name.endsWith(`-${SCHEDULED_REASON}.db`);

/** Whether a scheduled backup is due at `now`: none yet, or the newest is an interval old. */
export function backupDue(dataDir: string, schedule: BackupSchedule, now: number): boolean {
  if (!schedule.enabled) return false;
  const newest = listBackups(dataDir).find(isScheduled);
  return !newest || now - Date.parse(newest.createdAt) >= schedule.intervalHours * 3600_000;
}

/** Deletes the scheduled backups beyond the newest `keep`; returns their names. */
export function pruneScheduledBackups(dataDir: string, keep: number): string[] {
  const old = listBackups(dataDir).filter(isScheduled).slice(keep);
  for (const b of old) fs.rmSync(b.file, { force: true });
  return old.map((b) => b.name);
}

/** Takes a scheduled backup when one is due, then applies the retention; what it did, for the log. */
export async function runScheduledBackup(dbFile: string, dataDir: string, schedule: BackupSchedule, now: number): Promise<{ file: string; pruned: string[] } | null> {
  if (!backupDue(dataDir, schedule, now)) return null;
  const file = await backupDatabase(dbFile, dataDir, SCHEDULED_REASON);
  return { file, pruned: pruneScheduledBackups(dataDir, schedule.keep) };
}
