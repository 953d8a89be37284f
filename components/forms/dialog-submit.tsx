'use client';
// The one submit pattern of the dashboard's dialogs: busy while the request runs, the
// API's 422 field paths (and whatever else a dialog reads as a field, such as a 409 on a
// unique name) shown at the fields, any other failure said once above the buttons.
import { useCallback, useState, type Dispatch, type SetStateAction } from 'react';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import type { ApiFailure } from '@/components/hooks/api-client.ts';
import { dialogFailure, type FieldMessages } from './submit-failure.ts';

export type { FieldMessages };

export interface SubmitOptions {
  /** The failure's messages by field; the API's 422 field paths by default. None: one message. */
  fieldsOf?(failure: ApiFailure): FieldMessages;
  /** Where field messages go; the dialog's own `fields` by default (a form store has its own). */
  showFields?(fields: FieldMessages): void;
}

/** For a dialog without fields of its own: every failure is its one message. */
export const ONE_MESSAGE: SubmitOptions = { fieldsOf: () => ({}) };

export interface DialogSubmit {
  busy: boolean;
  /** The one message of a failure that names no field. */
  error: string | null;
  fields: FieldMessages;
  /** Checks made before sending (an empty field) show through the same state. */
  setFields: Dispatch<SetStateAction<FieldMessages>>;
  setError(message: string | null): void;
  /** Sends with the dialog busy; a failure lands on the fields or in `error`, never thrown. */
  run(send: () => Promise<void>, options?: SubmitOptions): Promise<void>;
  /** Forgets the last attempt's messages (a dialog opened again). */
  clear(): void;
}

export function useDialogSubmit(): DialogSubmit {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldMessages>({});
  const clear = useCallback(() => {
    setError(null);
    setFields({});
  }, []);
  async function run(send: () => Promise<void>, options: SubmitOptions = {}) {
    clear();
    setBusy(true);
    try {
      await send();
    } catch (e) {
      const failed = dialogFailure(e, options.fieldsOf);
      if ('fields' in failed) (options.showFields ?? setFields)(failed.fields);
      else setError(failed.message);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, fields, setFields, setError, run, clear };
}

/** The end of a dialog's form: the failure, Cancel, and the submit button that says it is working. */
export function DialogFormFooter({ error, busy, onCancel, submitLabel, busyLabel }: { error: string | null; busy: boolean; onCancel(): void; submitLabel: string; busyLabel: string }) {
  return (
    <>
      <FailureAlert message={error} />
      <div className="flex justify-end gap-2 pt-1">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </Button>
      </div>
    </>
  );
}
