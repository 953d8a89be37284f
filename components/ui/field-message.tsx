// Under every control: its error, or else its hint — one look, and ids that the control's
// aria-describedby (from describedBy) points at, so a screen reader reads the message
// with the field. `data-field-error` lets the error summary and tests find it.
import type { ReactNode } from 'react';

/** The id of the message shown under the control `id`, if any. */
export function describedBy(id: string, error: unknown, hint: unknown): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

export function FieldMessage({ id, error, hint, role }: { id: string; error?: ReactNode; hint?: ReactNode; role?: 'alert' }) {
  if (error) {
    return (
      <div id={`${id}-error`} role={role} className="min-w-0 space-y-0.5 text-[13px] [overflow-wrap:anywhere] text-danger" data-field-error>
        {error}
      </div>
    );
  }
  return hint ? (
    <p id={`${id}-hint`} className="text-xs text-muted">
      {hint}
    </p>
  ) : null;
}
