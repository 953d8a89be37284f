// The apply call: after a write, ping the engine and report the truth about what it made of
// the write (the `apply` of every API answer); an applied write is then recorded for the
// health gate's watch when the gate is on (rollbacks are not: they are the remedy).
import type { ApplyReport } from '../views/apply-report.ts';
import type { EngineClient } from '../contract/engine-client.ts';
import { errorsAbout } from '../contract/object-errors.ts';
import type { Db } from './client.ts';
import { requestWatch } from './health-gate.ts';

export async function applyAndReport(db: Db, engine: Pick<EngineClient, 'reload'>, revision: number, objectIds: string[], options: { healthGate?: boolean } = {}): Promise<ApplyReport> {
  const status = await engine.reload();
  if (!status) return { revision, applied: false, appliedRevision: null, applyMs: null, errors: [], healthGate: null };
  // No ids given (a rollback, a restore): the whole configuration changed, every error counts.
  const applied = status.appliedRevision >= revision;
  let healthGate: ApplyReport['healthGate'] = null;
  if (applied && status.appliedRevision === revision && options.healthGate !== false) {
    const watch = await requestWatch(db, revision, status.lastAppliedAt ?? Date.now()).catch(() => null);
    if (watch) healthGate = { watching: true, endsAt: watch.endsAt, watchSeconds: watch.watchSeconds };
  }
  return {
    revision,
    applied,
    appliedRevision: status.appliedRevision,
    applyMs: status.lastApplyMs,
    errors: objectIds.length === 0 ? status.errors : errorsAbout(status.errors, objectIds),
    healthGate,
  };
}
