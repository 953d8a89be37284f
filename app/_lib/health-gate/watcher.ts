// Health-gated apply, in the dashboard process: after a change the engine has applied,
// watch the traffic for settings.healthGate.watchSeconds and, on a regression against the
// five minutes before it (since the last automatic rollback, at most), restore the previous version (a new revision, audited as
// config.auto_rollback with the reason). One watch at a time: a newer change ends the
// running watch as superseded and is watched itself. The state lives on globalThis, like
// the ACME jobs: Next.js may load this module once per route bundle.
import type { Db } from '@/core/db/client.ts';
import type { HealthGate } from '@/core/config/settings.ts';
import type { WindowSummary } from '@/core/contract/window-summary.ts';
import { engine } from '../engine-client.ts';
import { getSettings } from '../queries/settings.ts';
import { rollbackTo } from '../queries/version.ts';
import { judge } from './verdict.ts';
import type { GateWatch, GateResult } from '@/core/views/health-gate.ts';

/** The traffic before a change it is compared with. */
export const BASELINE_MS = 5 * 60_000;
const TICK_MS = 1000;



interface GateState {
  generation: number;
  watching: GateWatch | null;
  last: GateResult | null;
}

const state: GateState = ((globalThis as unknown as { porticoHealthGate?: GateState }).porticoHealthGate ??= { generation: 0, watching: null, last: null });

export function gateState(): { watching: GateWatch | null; last: GateResult | null } {
  return { watching: state.watching, last: state.last };
}

async function summary(from: number, to: number): Promise<WindowSummary | null> {
  return engine().statsSummary(from, to);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts watching `revision` (already applied at `appliedAt`) when the gate is on.
 * Returns the watch, or null when there is nothing to watch.
 */
export async function watchRevision(db: Db, revision: number, appliedAt: number): Promise<GateWatch | null> {
  const gate = (await getSettings(db)).healthGate;
  if (!gate.enabled) return null;
  const previous = await db.configVersion.findFirst({ where: { revision: { lt: revision } }, orderBy: { revision: 'desc' }, select: { revision: true } });
  if (!previous) return null;
  // Whole seconds: the second the change landed in mixes both configurations.
  const boundary = Math.floor(appliedAt / 1000) * 1000;
  // Traffic before an automatic rollback is the regression itself, not a baseline.
  const rolledBackAt = state.last?.verdict === 'rolled_back' ? Math.ceil(state.last.at / 1000) * 1000 + 1000 : 0;
  const from = Math.max(boundary - BASELINE_MS, rolledBackAt);
  const before = from < boundary ? await summary(from, boundary) : { from, to: from, seconds: 0, requests: 0, status5xx: 0, upstreamRequests: 0, upstreamP99Ms: null };
  if (!before) return null;
  const generation = ++state.generation;
  if (state.watching) finish({ ...state.watching }, 'superseded', `revision ${revision} was applied while it was watched`);
  const watch: GateWatch = { revision, previousRevision: previous.revision, appliedAt, watchSeconds: gate.watchSeconds, endsAt: boundary + 1000 + gate.watchSeconds * 1000, before, after: null, status: 'waiting for traffic' };
  state.watching = watch;
  void run(db, watch, gate, generation).catch((error: unknown) => {
    if (state.generation === generation) finish(watch, 'failed', `the health gate stopped: ${(error as Error).message}`);
  });
  return watch;
}

function finish(watch: GateWatch, verdict: GateResult['verdict'], reason: string, extra: Partial<GateResult> = {}): void {
  if (state.watching?.revision === watch.revision) state.watching = null;
  state.last = { revision: watch.revision, verdict, reason, at: Date.now(), before: watch.before, after: watch.after, ...extra };
}

async function run(db: Db, watch: GateWatch, gate: HealthGate, generation: number): Promise<void> {
  const start = Math.floor(watch.appliedAt / 1000) * 1000 + 1000;
  for (;;) {
    await sleep(TICK_MS);
    if (state.generation !== generation) return;
    const current = (await db.configState.findUnique({ where: { id: 1 } }))?.revision ?? 0;
    if (current !== watch.revision) return finish(watch, 'superseded', `the configuration changed to revision ${current} while revision ${watch.revision} was watched`);
    const now = Date.now();
    const after = await summary(start, Math.min(now, watch.endsAt));
    if (!after) continue; // The engine restarting: its ring starts empty, the watch goes on.
    watch.after = after;
    const verdict = judge(watch.before, after, gate);
    watch.status = verdict.reason;
    if (verdict.kind === 'regression') return rollBack(db, watch, verdict.reason);
    if (now >= watch.endsAt + TICK_MS) {
      // The last second closes in the engine just after endsAt; one tick later it is in the ring.
      return verdict.kind === 'healthy' ? finish(watch, 'passed', verdict.reason) : finish(watch, 'inconclusive', verdict.reason);
    }
  }
}

async function rollBack(db: Db, watch: GateWatch, reason: string): Promise<void> {
  const versionSummary = `automatic rollback of revision ${watch.revision} to ${watch.previousRevision}: ${reason}`;
  try {
    const { revision } = await rollbackTo(db, watch.previousRevision, { principal: null }, {
      summary: versionSummary,
      action: 'config.auto_rollback',
      auditAfter: { watchedRevision: watch.revision, restoredRevision: watch.previousRevision, reason, before: watch.before, after: watch.after },
      expectCurrent: watch.revision,
    });
    // Applied first, so the time recorded is when the restored configuration took over.
    await engine().reload();
    finish(watch, 'rolled_back', reason, { restoredRevision: watch.previousRevision, rollbackRevision: revision });
    await engine().reportEvent({ kind: 'config.rolled_back', watchedRevision: watch.revision, restoredRevision: watch.previousRevision, rollbackRevision: revision, message: reason.slice(0, 2000) });
  } catch (error) {
    finish(watch, 'failed', `a regression was seen (${reason}) but the rollback failed: ${(error as Error).message}`);
  }
}
