'use client';
// Switches, checkbox groups and segmented choices bound to a form path.
import { useId, type ReactNode } from 'react';
import { describedBy, FieldMessage } from '@/components/ui/field-message.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { useForm } from './form-store.tsx';
import type { Path } from './paths.ts';

export function SwitchField({ path, label, hint, fallback = false, onChange }: { path: Path; label: ReactNode; hint?: ReactNode; fallback?: boolean; onChange?(checked: boolean): void }) {
  const form = useForm();
  const value = form.get(path);
  const checked = typeof value === 'boolean' ? value : fallback;
  return (
    <Switch
      id={form.domId(path)}
      checked={checked}
      label={label}
      hint={hint}
      error={form.error(path)}
      disabled={form.readOnly}
      onChange={(next) => {
        form.set(path, next);
        onChange?.(next);
      }}
    />
  );
}

export interface ChoiceOption<V extends string | number> {
  value: V;
  label: ReactNode;
  description?: ReactNode;
}

/** Several of a closed set (an enum array in the model), as labelled checkboxes. */
export function CheckboxGroupField<V extends string>({ path, legend, hint, options, columns = 3 }: { path: Path; legend: ReactNode; hint?: ReactNode; options: readonly ChoiceOption<V>[]; columns?: 2 | 3 | 4 }) {
  const form = useForm();
  const value = form.get(path);
  const selected = new Set(Array.isArray(value) ? (value as V[]) : []);
  const error = form.error(path);
  const id = form.domId(path);
  const cols = { 2: 'sm:grid-cols-2', 3: 'sm:grid-cols-3', 4: 'sm:grid-cols-4' }[columns];
  return (
    <fieldset id={id} className="min-w-0 space-y-2" aria-describedby={describedBy(id, error, hint)}>
      <legend className="text-sm font-medium">{legend}</legend>
      <div className={`grid gap-x-4 gap-y-1.5 ${cols}`}>
        {options.map((o) => (
          <label key={o.value} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-[var(--accent)]"
              checked={selected.has(o.value)}
              disabled={form.readOnly}
              onChange={(e) => {
                // Keep the option order, so the saved list reads the same way every time.
                const next = options.map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : selected.has(v)));
                form.set(path, next);
              }}
            />
            <span>
              <span className="font-mono text-[13px]">{o.label}</span>
              {o.description ? <span className="block text-xs text-muted">{o.description}</span> : null}
            </span>
          </label>
        ))}
      </div>
      <FieldMessage id={id} error={error} hint={hint} />
    </fieldset>
  );
}

/** One of a few choices as a segmented control (native radios, so arrow keys work). */
export function Segmented<V extends string>({ legend, value, options, onChange, disabled, hideLegend = false, size = 'md' }: { legend: ReactNode; value: V; options: readonly ChoiceOption<V>[]; onChange(value: V): void; disabled?: boolean; hideLegend?: boolean; size?: 'sm' | 'md' }) {
  const name = useId();
  return (
    <fieldset className="min-w-0">
      <legend className={hideLegend ? 'sr-only' : 'mb-1.5 text-sm font-medium'}>{legend}</legend>
      <div className="inline-flex max-w-full flex-wrap rounded-md border border-border bg-background p-0.5">
        {options.map((o) => (
          <label key={o.value} className={`relative cursor-pointer rounded-[5px] font-medium transition-colors has-[:checked]:bg-card has-[:checked]:text-foreground has-[:checked]:shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent ${size === 'sm' ? 'px-2.5 py-1 text-xs' : 'px-2 py-1.5 text-sm sm:px-3'} text-muted hover:text-foreground`}>
            <input type="radio" name={name} value={o.value} checked={value === o.value} disabled={disabled} onChange={() => onChange(o.value)} className="sr-only" />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function SegmentedField<V extends string>({ path, legend, options, fallback, onChange, hideLegend }: { path: Path; legend: ReactNode; options: readonly ChoiceOption<V>[]; fallback: V; onChange?(value: V): void; hideLegend?: boolean }) {
  const form = useForm();
  const value = form.get(path);
  return (
    <Segmented
      legend={legend}
      hideLegend={hideLegend}
      value={(typeof value === 'string' ? value : fallback) as V}
      options={options}
      disabled={form.readOnly}
      onChange={(next) => (onChange ? onChange(next) : form.set(path, next))}
    />
  );
}
