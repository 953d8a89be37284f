'use client';
// Rolling back asks first, and shows what the rollback would change (the current
// configuration against the chosen version) before anything happens.
import { Button } from '@/components/ui/button.tsx';
import { Dialog } from '@/components/ui/dialog.tsx';
import { DialogFailure } from '@/components/ui/confirm-dialog.tsx';
import { ONE_MESSAGE, useDialogSubmit } from '@/components/forms/dialog-submit.tsx';
import { api } from '@/components/hooks/api-client.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { DiffPanel } from './diff-panel.tsx';
import type { VersionView } from '../../core/views/version.ts';

export function RollbackDialog({ target, current, onClose, onDone }: { target: VersionView | null; current: number; onClose(): void; onDone(result: { revision: number; restored: number; apply: ApplyReport }): void }) {
  const { busy, error, run, clear } = useDialogSubmit();
  async function rollback() {
    if (!target) return;
    await run(async () => onDone(await api<{ revision: number; restored: number; apply: ApplyReport }>('POST', `/api/v1/versions/${target.revision}/rollback`)), ONE_MESSAGE);
  }
  return (
    <Dialog
      open={target !== null}
      size="lg"
      onClose={() => {
        clear();
        onClose();
      }}
      title={target ? `Roll back to revision ${target.revision}?` : ''}
      description={target ? `The configuration becomes what it was at revision ${target.revision} (“${target.summary}”), saved as a new revision: nothing is lost, and you can roll forward the same way. Traffic follows within a second.` : ''}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button onClick={rollback} disabled={busy}>
            {busy ? 'Rolling back…' : `Roll back to revision ${target?.revision ?? ''}`}
          </Button>
        </>
      }
    >
      {target ? (
        <div className="space-y-3">
          <p className="text-sm font-medium">What changes</p>
          <div className="max-h-[45vh] overflow-y-auto">
            <DiffPanel from={current} to={target.revision} empty="Nothing: the current configuration is already the same as this version." />
          </div>
          <DialogFailure message={error} />
        </div>
      ) : null}
    </Dialog>
  );
}
