// Form control styling and the labelled shell every control sits in: label, control,
// then the error (or the hint) linked to the control with aria-describedby.
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { describedBy, FieldMessage } from '@/components/ui/field-message.tsx';

const base =
  'block w-full rounded-md border border-border bg-card text-sm shadow-xs outline-none transition-colors placeholder:text-muted/70 focus:border-accent focus:ring-2 focus:ring-accent/25 aria-invalid:border-danger aria-invalid:focus:ring-danger/25 disabled:cursor-not-allowed disabled:opacity-60';

export const inputClass = `${base} h-9 px-3`;

/** Every text box has a maximum: a control without one of its own takes this (the form fields take the model's). */
export const DEFAULT_MAX_LENGTH = 2048;

export function Input({ className = '', maxLength = DEFAULT_MAX_LENGTH, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${inputClass} ${className}`} maxLength={maxLength} {...props} />;
}

export function Select({ className = '', children, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select className={`${base} h-9 pr-2 pl-3 ${className}`} {...props}>
      {children}
    </select>
  );
}

export function Textarea({ className = '', ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={`${base} min-h-20 px-3 py-2 font-mono text-[13px] ${className}`} {...props} />;
}

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/** Label, control and message. The control gets the ids it needs through the render prop. */
export function FieldShell({
  id,
  label,
  hint,
  error,
  hideLabel = false,
  className = '',
  trailing,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** true: for screen readers only; 'lg': hidden from lg up, where a table header names the column. */
  hideLabel?: boolean | 'lg';
  className?: string;
  trailing?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  return (
    <div className={`min-w-0 space-y-1.5 ${className}`}>
      <div className={hideLabel === true ? 'sr-only' : `flex items-baseline justify-between gap-2 ${hideLabel === 'lg' ? 'lg:sr-only' : ''}`}>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {trailing}
      </div>
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error, hint) })}
      <FieldMessage id={id} error={error} hint={hint} />
    </div>
  );
}
