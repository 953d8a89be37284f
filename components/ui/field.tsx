import { useId, type InputHTMLAttributes } from 'react';
import { describedBy, FieldMessage } from '@/components/ui/field-message.tsx';

/** A labelled input with its error shown at the field (and announced to screen readers). */
export function Field({ label, error, hint, maxLength = 256, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        maxLength={maxLength}
        className="block w-full rounded-md border border-border bg-card px-3 py-2 text-sm shadow-xs outline-none focus:border-accent focus:ring-2 focus:ring-accent/30 aria-invalid:border-danger"
        {...props}
      />
      <FieldMessage id={id} error={error} hint={hint} role="alert" />
    </div>
  );
}
