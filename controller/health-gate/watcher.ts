// Health-gated apply, in the controller: the apply path records "watch revision N"
// (core/db/health-gate.ts); each tick, the newest open watch is judged on the engine's
// traffic for settings.healthGate.watchSeconds and, on a regression against the five
// minutes before it (since the last automatic rollback, at most), the previous version is
// restored (a new revision, audited as config.auto_rollback with the reason). One watch at
// a time: a newer change ends an older watch as superseded. Every step is written to the
// watch's row, so a controller that restarts, or another that takes over, goes on from there.
import type { Db } from '../../core/db/client.ts';
import type { EngineClient } from '../../core/contract/engine-client.ts';
import type { WindowSummary } from '../../core/contract/window-summary.ts';
import type { GateResult, GateWatch } from '../../core/views/health-gate.ts';
import { decideWatch, lastResult, openWatches, saveWatch, watchEndsAt } from '../../core/db/health-gate.ts';
import { getSettings } from '../../core/db/settings.ts';
import { rollbackTo } from '../../core/db/version.ts';
import { judge } from './verdict.ts';

/** The traffic before a change it is compared with. */
export const BASELINE_MS = 5 * 60_000;
/** How often a watch is judged. */
export const GATE_TICK_MS = 1000;

const EMPTY = (at: number): WindowSummary => ({ from: at, to: at, seconds: 0, requests: 0, status5xx: 0, upstreamRequests: 0, upstreamP99Ms: null });

type Engine = Pick<EngineClient, 'statsSummary' | 'reload' | 'reportEvent'>;

function result(watch: Pick<GateWatch, 'revision'> & Partial<GateWatch>, verdict: GateResult['verdict'], reason: string, extra: Partial<GateResult> = {}): GateResult {
  return { revision: watch.revision, verdict, reason, at: Date.now(), before: watch.before ?? null, after: watch.after ?? null, ...extra };
}

/** One step of the gate: supersede older watches, start the newest, judge it. */
export async function gateTick(db: Db, engine: Engine): Promise<void> {
  const [newest, ...older] = await openWatches(db);
  for (const row of older) {
    await decideWatch(db, result({ revision: row.revision, ...((row.watch as GateWatch | null) ?? {}) }, 'superseded', `revision ${newest!.revision} was applied while it was watched`));
  }
  if (!newest) return;
  const watch = (newest.watch as GateWatch | null) ?? (await startWatch(db, engine, newest.revision, newest.appliedAt.getTime()));
  if (watch) await judgeWatch(db, engine, watch);
}

async function startWatch(db: Db, engine: Engine, revision: number, appliedAt: number): Promise<GateWatch | null> {
  const gate = (await getSettings(db)).healthGate;
  const previous = await db.configVersion.findFirst({ where: { revision: { lt: revision } }, orderBy: { revision: 'desc' }, select: { revision: true } });
  if (!previous) {
    await decideWatch(db, result({ revision }, 'inconclusive', 'there is no earlier version to go back to'));
    return null;
  }
  const boundary = Math.floor(appliedAt / 1000) * 1000;
  // Traffic before an automatic rollback is the regression itself, not a baseline.
  const last = await lastResult(db);
  const rolledBackAt = last?.verdict === 'rolled_back' ? Math.ceil(last.at / 1000) * 1000 + 1000 : 0;
  const from = Math.max(boundary - BASELINE_MS, rolledBackAt);
  const before = from < boundary ? await engine.statsSummary(from, boundary) : EMPTY(from);
  // The engine restarting: its ring is being refilled; the next tick asks again.
  if (!before) return null;
  const watch: GateWatch = { revision, previousRevision: previous.revision, appliedAt, watchSeconds: gate.watchSeconds, endsAt: watchEndsAt(appliedAt, gate.watchSeconds), before, after: null, status: 'waiting for traffic' };
  await saveWatch(db, watch);
  return watch;
}

async function judgeWatch(db: Db, engine: Engine, watch: GateWatch): Promise<void> {
  const current = (await db.configState.findUnique({ where: { id: 1 } }))?.revision ?? 0;
  if (current !== watch.revision) return decideWatch(db, result(watch, 'superseded', `the configuration changed to revision ${current} while revision ${watch.revision} was watched`));
  const gate = (await getSettings(db)).healthGate;
  const now = Date.now();
  const start = Math.floor(watch.appliedAt / 1000) * 1000 + 1000;
  if (now <= start) return;
  const after = await engine.statsSummary(start, Math.min(now, watch.endsAt));
  if (!after) return; // The engine restarting: its ring starts empty, the watch goes on.
  const verdict = judge(watch.before, after, gate);
  const updated = { ...watch, after, status: verdict.reason };
  if (verdict.kind === 'regression') return rollBack(db, engine, updated, verdict.reason);
  // The last second closes in the engine just after endsAt; one tick later it is in the ring.
  if (now >= watch.endsAt + GATE_TICK_MS) return decideWatch(db, result(updated, verdict.kind === 'healthy' ? 'passed' : 'inconclusive', verdict.reason));
  await saveWatch(db, updated);
}

async function rollBack(db: Db, engine: Engine, watch: GateWatch, reason: string): Promise<void> {
  const versionSummary = `automatic rollback of revision ${watch.revision} to ${watch.previousRevision}: ${reason}`;
  let revision: number;
  try {
    ({ revision } = await rollbackTo(db, watch.previousRevision, { principal: null }, {
      summary: versionSummary,
      action: 'config.auto_rollback',
      auditAfter: { watchedRevision: watch.revision, restoredRevision: watch.previousRevision, reason, before: watch.before, after: watch.after },
      expectCurrent: watch.revision,
    }));
  } catch (error) {
    return decideWatch(db, result(watch, 'failed', `a regression was seen (${reason}) but the rollback failed: ${(error as Error).message}`));
  }
  // Applied first, so the time recorded is when the restored configuration took over.
  await engine.reload();
  await decideWatch(db, result(watch, 'rolled_back', reason, { restoredRevision: watch.previousRevision, rollbackRevision: revision }));
  await engine.reportEvent({ kind: 'config.rolled_back', watchedRevision: watch.revision, restoredRevision: watch.previousRevision, rollbackRevision: revision, message: reason.slice(0, 2000) });
}
