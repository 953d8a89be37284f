'use client';
// Restoring the configuration from a JSON export: choose the file, see every change it
// would make to the current configuration, confirm, then the engine's verdict.
import { useState, type ChangeEvent } from 'react';
import type { ObjectChange } from '@/core/views/snapshot-diff.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { api, ApiRequestError, failureMessage } from '@/components/hooks/api-client.ts';
import { useApplyStatus, type ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { DiffView } from '@/components/versions/diff-view.tsx';
import { noun, plural } from '@/components/ui/plural.ts';

export function JsonRestore({ isAdmin }: { isAdmin: boolean }) {
  const [fileName, setFileName] = useState<string | null>(null);
  const [snapshot, setSnapshot] = useState<unknown>(null);
  const [changes, setChanges] = useState<ObjectChange[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ revision: number; apply: ApplyReport } | null>(null);
  const report = useApplyStatus(result?.apply ?? null, []);

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setChanges(null);
    setProblems([]);
    setResult(null);
    if (!file) return;
    setFileName(file.name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch (e) {
      setSnapshot(null);
      setProblems([`${file.name} is not JSON (${e instanceof Error ? e.message : 'unreadable'}). Choose a file downloaded with “Download JSON backup”.`]);
      return;
    }
    setSnapshot(parsed);
    setBusy(true);
    try {
      const res = await api<{ changes: ObjectChange[] }>('POST', '/api/v1/import/json', { snapshot: parsed, dryRun: true });
      setChanges(res.changes);
    } catch (e) {
      if (e instanceof ApiRequestError && Object.keys(e.failure.fields).length) setProblems(Object.entries(e.failure.fields).map(([path, message]) => `${path.replace(/^snapshot\./, '')}: ${message}`));
      else setProblems([failureMessage(e)]);
    } finally {
      setBusy(false);
    }
  }

  async function restore() {
    const res = await api<{ revision: number; apply: ApplyReport }>('POST', '/api/v1/import/json', { snapshot, dryRun: false });
    setResult(res);
    setChanges(null);
    setConfirming(false);
  }

  return (
    <SectionCard id="restore" title="Restore from a JSON backup" description="Replaces the whole configuration (hosts, pools, zones, settings) with the one in the file. Users, tokens and certificates are not touched.">
      <div className="space-y-4">
        {result && report ? <ApplyReportView report={report} what="restored configuration" /> : null}
        {!isAdmin ? (
          <p className="text-sm text-muted">Restoring replaces everything, so it needs the admin role.</p>
        ) : (
          <div className="space-y-1.5">
            <label htmlFor="restore-file" className="block text-sm font-medium">
              Backup file
            </label>
            <input
              id="restore-file"
              type="file"
              accept="application/json,.json"
              onChange={choose}
              className="block w-full max-w-md text-sm file:mr-3 file:rounded-md file:border file:border-border file:bg-card file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-border/40"
            />
            <p className="text-xs text-muted">A file from “Download JSON backup”. You see what it would change before anything happens.</p>
          </div>
        )}
        {busy ? (
          <p role="status" className="text-sm text-muted">
            Comparing {fileName} with the current configuration…
          </p>
        ) : null}
        {problems.length ? (
          <Alert tone="danger" role="alert" title={`${fileName ?? 'The file'} cannot be restored`}>
            <ul className="list-disc space-y-0.5 pl-5">
              {problems.slice(0, 20).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {changes ? (
          <div className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <p className="text-sm font-medium" role="status">
                {changes.length === 0 ? 'The backup is the same as the current configuration.' : `Restoring ${fileName} changes ${plural(changes.length, 'object')}:`}
              </p>
              <Button variant="danger" onClick={() => setConfirming(true)} disabled={changes.length === 0}>
                Restore this backup
              </Button>
            </div>
            <DiffView changes={changes} />
          </div>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={restore}
        title="Replace the whole configuration?"
        description={`The configuration becomes the one in ${fileName ?? 'the backup'}: ${plural(changes?.length ?? 0, 'object')} ${noun(changes?.length ?? 0, 'changes', 'change')}, and anything not in the backup is deleted. The current configuration stays available under Versions.`}
        confirmLabel="Restore backup"
        busyLabel="Restoring…"
      />
    </SectionCard>
  );
}
