// The answer's `apply` of every write: the engine pinged, the truth about what it made of
// the write, and the health gate's watch when the change is applied.
import { errorsAbout } from '@/core/contract/object-errors.ts';
import type { ApplyReport } from '@/core/views/apply-report.ts';
import { reloadEngine } from '../engine-client.ts';
import { getDb } from '../db.ts';
import { watchRevision } from '../health-gate/watcher.ts';

/**
 * Pings the engine and reports the truth about this write; an applied write is then
 * watched by the health gate when it is on (rollbacks are not: they are the remedy).
 */
export async function applyReport(revision: number, objectIds: string[], options: { healthGate?: boolean } = {}): Promise<ApplyReport> {
  const status = await reloadEngine();
  if (!status) return { revision, applied: false, appliedRevision: null, applyMs: null, errors: [], healthGate: null };
  const applied = status.appliedRevision >= revision;
  let healthGate: ApplyReport['healthGate'] = null;
  if (applied && status.appliedRevision === revision && options.healthGate !== false) {
    const watch = await watchRevision(await getDb(), revision, status.lastAppliedAt ?? Date.now()).catch(() => null);
    if (watch) healthGate = { watching: true, endsAt: watch.endsAt, watchSeconds: watch.watchSeconds };
  }
  return {
    revision,
    applied,
    appliedRevision: status.appliedRevision,
    applyMs: status.lastApplyMs,
    // No ids given (a rollback, a restore): the whole configuration changed, every error counts.
    errors: objectIds.length === 0 ? status.errors : errorsAbout(status.errors, objectIds),
    healthGate,
  };
}
