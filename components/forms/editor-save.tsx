'use client';
// The one save flow of the dashboard's editors (hosts, pools, proxy settings): Ctrl+S,
// validate with the shared schema, send, take in what the API saved, and say what the
// engine made of it; or lay the API's errors over the fields and say what was not saved,
// keeping every change the user made.
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { FailureAlert } from '@/components/ui/alert.tsx';
import type { ApiFailure } from '@/components/hooks/api-client.ts';
import { useFlash } from '@/components/hooks/flash.ts';
import { useApplyStatus, type ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { useSaveShortcut } from '@/components/hooks/use-save-shortcut.ts';
import { ErrorSummary } from './error-summary.tsx';
import type { FieldError, FormController } from './form-store.tsx';
import { editorFailure } from './submit-failure.ts';

type SaveForm = Pick<FormController<never, unknown>, 'submit' | 'showExternalErrors'>;

export interface EditorSaveOptions<Saved> {
  form: SaveForm;
  readOnly: boolean;
  /** The objects whose engine errors the apply report shows. */
  objectIds: string[];
  /** The report a page carried over a navigation (a new object's first save). */
  flashKey?: string;
  /** A reason not to send (said as is), found by work done first. */
  prepare?(input: unknown): Promise<string | null>;
  send(input: unknown): Promise<Saved>;
  /** Takes in what the API saved; the report to show, or null when the editor moves on. */
  saved(result: Saved): ApplyReport | null;
  /** The fields a 409 stands for. */
  conflictFields?(failure: ApiFailure): FieldError[];
}

export interface EditorSave {
  formRef: RefObject<HTMLFormElement | null>;
  save(event: FormEvent): Promise<void>;
  busy: boolean;
  /** Counts failed attempts: each one shows (and focuses) the error summary again. */
  attempt: number;
  message: string | null;
  /** The apply report of the last save, followed until the engine has applied it. */
  report: ApplyReport | null;
}

export function useEditorSave<Saved>(options: EditorSaveOptions<Saved>): EditorSave {
  const formRef = useRef<HTMLFormElement>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [report, setReport] = useState<ApplyReport | null>(null);
  const flashed = useFlash<ApplyReport>(options.flashKey ?? '');
  useEffect(() => {
    if (flashed) setReport(flashed);
  }, [flashed]);
  const shown = useApplyStatus(report, options.objectIds);
  useSaveShortcut(formRef, !options.readOnly);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const result = options.form.submit();
    if (!result) {
      setAttempt((a) => a + 1);
      return;
    }
    setBusy(true);
    try {
      const refused = (await options.prepare?.(result.input)) ?? null;
      if (refused) {
        setMessage(refused);
        return;
      }
      const next = options.saved(await options.send(result.input));
      if (next) {
        setReport(next);
        setAttempt(0);
      }
    } catch (e) {
      const failed = editorFailure(e, options.conflictFields);
      if (failed.fields) options.form.showExternalErrors(failed.fields);
      setMessage(failed.message);
      if (failed.fields?.length) setAttempt((a) => a + 1);
    } finally {
      setBusy(false);
    }
  }

  return { formRef, save, busy, attempt, message, report: shown };
}

/** Above an editor's fields: the problems of the last attempt, and what was not saved. */
export function SaveProblems({ save, errors, describe, domId }: { save: EditorSave; errors: FieldError[]; describe(path: string): string; domId(path: string): string }) {
  return (
    <>
      {save.attempt > 0 && errors.length > 0 ? <ErrorSummary key={save.attempt} errors={errors} describe={describe} domId={domId} /> : null}
      <FailureAlert title="Not saved" message={save.message} />
    </>
  );
}
