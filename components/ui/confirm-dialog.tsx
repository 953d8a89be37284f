'use client';
// Destructive actions ask first. The confirm button names the action; a failure is shown
// in the dialog instead of closing it silently: an API error in its own words, a failed
// fetch as "could not be reached", an error the caller raised on purpose as it says.
import { useState, type ReactNode } from 'react';
import { ApiRequestError, failureMessage } from '@/components/hooks/api-client.ts';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';

/** Why a dialog's action did not happen, inside the dialog. */
export function DialogFailure({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
      {message}
    </p>
  ) : null;
}

function confirmFailure(e: unknown): string {
  // fetch() rejects with a TypeError when the dashboard is not reached.
  return e instanceof Error && !(e instanceof ApiRequestError) && !(e instanceof TypeError) ? e.message : failureMessage(e);
}

export function ConfirmDialog({ open, onCancel, onConfirm, title, description, confirmLabel, busyLabel, tone = 'danger' }: { open: boolean; onCancel(): void; onConfirm(): Promise<void> | void; title: ReactNode; description: ReactNode; confirmLabel: string; busyLabel?: string; tone?: 'danger' | 'primary' }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError(confirmFailure(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog
      open={open}
      onClose={() => {
        setError(null);
        onCancel();
      }}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onCancel} autoFocus>
            Cancel
          </Button>
          <Button variant={tone === 'danger' ? 'danger' : 'primary'} onClick={confirm} disabled={busy}>
            {busy ? (busyLabel ?? `${confirmLabel}…`) : confirmLabel}
          </Button>
        </>
      }
    >
      <DialogFailure message={error} />
    </Dialog>
  );
}
