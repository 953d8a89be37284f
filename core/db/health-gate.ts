// The health gate's record in the database: the apply path asks for a watch of the revision
// the engine just applied (requestWatch); the controller watches it, writes the traffic so far
// and the verdict into the same row (controller/health-gate/); the dashboard reads them
// (readGateState). Nothing lives in a process, so a restarted dashboard or controller
// loses no watch.
import type { Db } from './client.ts';
import type { Prisma } from './generated/client.ts';
import type { GateResult, GateWatch } from '../views/health-gate.ts';
import { getSettings } from './settings.ts';

/** Watches kept for the record (older decided ones are pruned). */
const WATCHES_KEPT = 100;

/** When a watch of a change applied at `appliedAt` ends: whole seconds, the second it landed mixes both configurations. */
export function watchEndsAt(appliedAt: number, watchSeconds: number): number {
  return Math.floor(appliedAt / 1000) * 1000 + 1000 + watchSeconds * 1000;
}

/**
 * Records that `revision` (applied at `appliedAt`) is to be watched, when the gate is on and
 * there is a version to go back to. Returns what the write's answer says about it, or null.
 */
export async function requestWatch(db: Db, revision: number, appliedAt: number): Promise<{ endsAt: number; watchSeconds: number } | null> {
  const gate = (await getSettings(db)).healthGate;
  if (!gate.enabled) return null;
  const previous = await db.configVersion.findFirst({ where: { revision: { lt: revision } }, orderBy: { revision: 'desc' }, select: { revision: true } });
  if (!previous) return null;
  await db.healthGateWatch.upsert({ where: { revision }, create: { revision, appliedAt: new Date(appliedAt) }, update: {} });
  return { endsAt: watchEndsAt(appliedAt, gate.watchSeconds), watchSeconds: gate.watchSeconds };
}

/** The change watched now (as far as the controller got) and the last verdict. */
export async function readGateState(db: Db): Promise<{ watching: GateWatch | null; last: GateResult | null }> {
  const [open, decided] = await Promise.all([
    db.healthGateWatch.findFirst({ where: { decidedAt: null }, orderBy: { revision: 'desc' } }),
    db.healthGateWatch.findFirst({ where: { decidedAt: { not: null } }, orderBy: [{ decidedAt: 'desc' }, { revision: 'desc' }] }),
  ]);
  return { watching: (open?.watch as GateWatch | null | undefined) ?? null, last: (decided?.result as GateResult | null | undefined) ?? null };
}

/** The watches not decided yet, newest first. */
export function openWatches(db: Db) {
  return db.healthGateWatch.findMany({ where: { decidedAt: null }, orderBy: { revision: 'desc' } });
}

export async function saveWatch(db: Db, watch: GateWatch): Promise<void> {
  await db.healthGateWatch.update({ where: { revision: watch.revision }, data: { watch: watch as unknown as Prisma.InputJsonValue } });
}

/** Records the verdict on a watch (it is no longer watched) and prunes old ones. */
export async function decideWatch(db: Db, result: GateResult): Promise<void> {
  await db.healthGateWatch.update({ where: { revision: result.revision }, data: { result: result as unknown as Prisma.InputJsonValue, decidedAt: new Date(result.at) } });
  const keep = await db.healthGateWatch.findMany({ orderBy: { revision: 'desc' }, skip: WATCHES_KEPT, take: 1, select: { revision: true } });
  if (keep[0]) await db.healthGateWatch.deleteMany({ where: { revision: { lte: keep[0].revision }, decidedAt: { not: null } } });
}

/** The last verdict (the baseline of the next watch starts after an automatic rollback). */
export async function lastResult(db: Db): Promise<GateResult | null> {
  return (await readGateState(db)).last;
}
