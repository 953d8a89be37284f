'use client';
import type { ReactNode } from 'react';
import { describedBy, FieldMessage } from '@/components/ui/field-message.tsx';

/** An on/off control (role="switch"), labelled by its <label> and described by its hint. */
export function Switch({ id, checked, onChange, label, hint, disabled, error }: { id: string; checked: boolean; onChange(checked: boolean): void; label: ReactNode; hint?: ReactNode; disabled?: boolean; error?: string }) {
  return (
    <div className="flex items-start gap-3">
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={describedBy(id, error, hint)}
        aria-invalid={error ? true : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={`relative mt-0.5 inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:cursor-not-allowed disabled:opacity-50 ${checked ? 'bg-accent' : 'bg-border'}`}
      >
        <span aria-hidden className={`inline-block size-4 rounded-full bg-white shadow-sm transition-transform ${checked ? 'translate-x-4' : 'translate-x-0.5'}`} />
      </button>
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <FieldMessage id={id} error={error} hint={hint} />
      </div>
    </div>
  );
}
