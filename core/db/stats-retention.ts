// Retention of the per-minute statistics (StatsMinute): rows older than the configured
// number of days are deleted. The engine only writes its minutes; this timer-driven
// clean-up is background work, run by the one active controller (controller/controller.ts).
import type { Db } from './client.ts';

/** Deletes the minutes older than `retentionDays` before `now`; returns how many went. */
export async function pruneStatsMinutes(db: Db, retentionDays: number, now: number): Promise<number> {
  const { count } = await db.statsMinute.deleteMany({ where: { minute: { lt: new Date(now - retentionDays * 86400_000) } } });
  return count;
}
