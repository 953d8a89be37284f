'use client';
// Restoring the configuration a database backup holds, online: what it would change, a
// confirmation, then the engine's verdict. Users, tokens and certificates stay as they
// are; the whole database goes back only with Portico stopped (`portico restore <file>`).
import { useEffect, useState } from 'react';
import type { ObjectChange } from '@/core/views/snapshot-diff.ts';
import { Button } from '@/components/ui/button.tsx';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { useApplyStatus, type ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { DiffView } from '@/components/versions/diff-view.tsx';
import { noun, plural } from '@/components/ui/plural.ts';

export function BackupRestore({ name, onClose }: { name: string; onClose(): void }) {
  const [changes, setChanges] = useState<ObjectChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ revision: number; apply: ApplyReport } | null>(null);
  const report = useApplyStatus(result?.apply ?? null, []);
  const path = `/api/v1/backups/${encodeURIComponent(name)}/restore`;

  useEffect(() => {
    api<{ changes: ObjectChange[] }>('POST', path, { dryRun: true })
      .then((res) => setChanges(res.changes))
      .catch((e: unknown) => setError(failureMessage(e)));
  }, [path]);

  async function restore() {
    const res = await api<{ revision: number; apply: ApplyReport }>('POST', path, { dryRun: false });
    setResult(res);
    setChanges(null);
    setConfirming(false);
  }

  return (
    <div className="space-y-3 rounded-md border border-border p-4" aria-label={`Restore ${name}`} role="region">
      {result && report ? <ApplyReportView report={report} what="restored configuration" /> : null}
      <FailureAlert message={error} />
      {!result && !error && changes === null ? (
        <p role="status" className="text-sm text-muted">
          Comparing {name} with the current configuration…
        </p>
      ) : null}
      {changes ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm font-medium" role="status">
              {changes.length === 0 ? `The configuration in ${name} is the same as the current one.` : `Restoring the configuration of ${name} changes ${plural(changes.length, 'object')}:`}
            </p>
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" onClick={onClose}>
                Cancel
              </Button>
              <Button variant="danger" size="sm" onClick={() => setConfirming(true)} disabled={changes.length === 0}>
                Restore configuration
              </Button>
            </div>
          </div>
          <DiffView changes={changes} />
        </>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={restore}
        title="Replace the whole configuration?"
        description={`The configuration becomes the one in ${name}: ${plural(changes?.length ?? 0, 'object')} ${noun(changes?.length ?? 0, 'changes', 'change')}. Users, tokens and certificates stay as they are. The current configuration stays available under Versions.`}
        confirmLabel="Restore configuration"
        busyLabel="Restoring…"
      />
    </div>
  );
}
