// The answer's `apply` of every write: the engine pinged, the truth about what it made of
// the write, and the health gate's watch when the change is applied.
import type { ApplyReport } from '@/core/views/apply-report.ts';
import { engine } from '../engine-client.ts';
import { getDb } from '../db.ts';
import { watchRevision } from '../health-gate/watcher.ts';

/**
 * Pings the engine and reports the truth about this write; an applied write is then
 * watched by the health gate when it is on (rollbacks are not: they are the remedy).
 */
export async function applyReport(revision: number, objectIds: string[], options: { healthGate?: boolean } = {}): Promise<ApplyReport> {
  const status = await engine().reload();
  if (!status) return { revision, applied: false, appliedRevision: null, applyMs: null, errors: [], healthGate: null };
  // No ids given (a rollback, a restore): the whole configuration changed, every error counts.
  const ids = new Set(objectIds);
  const all = objectIds.length === 0;
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
    errors: all ? status.errors : status.errors.filter((e) => ids.has(e.objectId) || ids.has(e.objectId.split('#')[0]!)),
    healthGate,
  };
}
