'use client';
// Text-like controls bound to a form path. Numeric ones keep what the user is typing
// while focused, and store text they cannot read as Unparsed so validation names it.
import { useState, type ReactNode } from 'react';
import { FieldShell, Input, Select, Textarea } from '@/components/ui/input.tsx';
import { useForm } from './form-store.tsx';
import type { Path } from './paths.ts';
import { formatDuration, formatSize, parseDuration, parseSize, Unparsed } from './units.ts';

interface Common {
  path: Path;
  label: ReactNode;
  hint?: ReactNode;
  placeholder?: string;
  className?: string;
  hideLabel?: boolean | 'lg';
  /** Messages also shown here for these other paths (e.g. a refine reported on a sibling). */
  alsoErrorsOf?: Path[];
}

function useBound(path: Path, alsoErrorsOf: Path[] = []) {
  const form = useForm();
  const error = form.error(path) ?? alsoErrorsOf.map((p) => form.error(p)).find(Boolean);
  return { form, id: form.domId(path), error, value: form.get(path), disabled: form.readOnly };
}

export function TextField({ path, label, hint, placeholder, className, hideLabel, alsoErrorsOf, empty = 'undefined', mono = false, type = 'text', autoFocus, suggestions }: Common & { empty?: 'undefined' | 'empty' | 'null'; mono?: boolean; type?: string; autoFocus?: boolean; suggestions?: readonly string[] }) {
  const { form, id, error, value, disabled } = useBound(path, alsoErrorsOf);
  const emptyValue = empty === 'undefined' ? undefined : empty === 'null' ? null : '';
  return (
    <>
      <Suggestions id={id} values={suggestions} />
      <FieldShell id={id} label={label} hint={hint} error={error} className={className} hideLabel={hideLabel}>
        {(control) => (
          <Input
            {...control}
            type={type}
            value={typeof value === 'string' ? value : ''}
            placeholder={placeholder}
            disabled={disabled}
            autoFocus={autoFocus}
            spellCheck={false}
            autoComplete="off"
            list={suggestions?.length ? `${id}-suggestions` : undefined}
            maxLength={form.maxLength(path)}
            className={mono ? 'font-mono text-[13px]' : ''}
            onChange={(e) => form.set(path, e.target.value === '' ? emptyValue : e.target.value)}
            onBlur={() => form.touch(path)}
          />
        )}
      </FieldShell>
    </>
  );
}

function Suggestions({ id, values }: { id: string; values?: readonly string[] }) {
  if (!values?.length) return null;
  return (
    <datalist id={`${id}-suggestions`}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

export function TextareaField({ path, label, hint, placeholder, className, rows = 4, empty = 'empty' }: Common & { rows?: number; empty?: 'undefined' | 'empty' }) {
  const { form, id, error, value, disabled } = useBound(path);
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className}>
      {(control) => <Textarea {...control} rows={rows} value={typeof value === 'string' ? value : ''} placeholder={placeholder} disabled={disabled} maxLength={form.maxLength(path)} onChange={(e) => form.set(path, e.target.value === '' && empty === 'undefined' ? undefined : e.target.value)} onBlur={() => form.touch(path)} />}
    </FieldShell>
  );
}

type Kind = 'number' | 'duration' | 'size';
/** Room for any number, duration ("1d12h30m15s500ms") or size the model accepts. */
const NUMERIC_MAX_LENGTH = 32;
const FORMAT: Record<Kind, (n: number) => string> = { number: String, duration: formatDuration, size: formatSize };
const PARSE: Record<Kind, (t: string) => number | null> = {
  number: (t) => (/^\s*-?\d+\s*$/.test(t) ? Number(t) : null),
  duration: parseDuration,
  size: parseSize,
};

function NumericField({ kind, optional = false, suffix, ...props }: Common & { kind: Kind; optional?: boolean; suffix?: string }) {
  const { form, id, error, value, disabled } = useBound(props.path, props.alsoErrorsOf);
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (value instanceof Unparsed ? value.text : typeof value === 'number' ? FORMAT[kind](value) : '');
  function change(text: string) {
    setDraft(text);
    const parsed = PARSE[kind](text);
    form.set(props.path, parsed !== null ? parsed : text.trim() === '' && optional ? undefined : new Unparsed(kind, text));
  }
  return (
    <FieldShell id={id} label={props.label} hint={props.hint} error={error} className={props.className} hideLabel={props.hideLabel}>
      {(control) => (
        <div className="relative">
          <Input
            {...control}
            inputMode={kind === 'number' ? 'numeric' : 'text'}
            value={shown}
            maxLength={NUMERIC_MAX_LENGTH}
            placeholder={props.placeholder}
            disabled={disabled}
            autoComplete="off"
            spellCheck={false}
            className={`tabular-nums ${suffix ? 'pr-12' : ''}`}
            onFocus={() => setDraft(shown)}
            onChange={(e) => change(e.target.value)}
            onBlur={() => {
              setDraft(null);
              form.touch(props.path);
            }}
          />
          {suffix ? <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-muted">{suffix}</span> : null}
        </div>
      )}
    </FieldShell>
  );
}

export function NumberField(props: Common & { optional?: boolean; suffix?: string }) {
  return <NumericField kind="number" {...props} />;
}

/** Milliseconds in the model; typed as 500ms, 30s, 5m, 1h. */
export function DurationField(props: Common & { optional?: boolean }) {
  return <NumericField kind="duration" {...props} />;
}

/** Bytes in the model; typed as 512, 64k, 10m, 1g. */
export function SizeField(props: Common & { optional?: boolean }) {
  return <NumericField kind="size" {...props} />;
}

export interface Option<V extends string | number> {
  value: V;
  label: string;
}

export function SelectField<V extends string | number>({ path, label, hint, className, options, hideLabel, placeholder, alsoErrorsOf }: Common & { options: readonly Option<V>[] }) {
  const { form, id, error, value, disabled } = useBound(path, alsoErrorsOf);
  const index = options.findIndex((o) => o.value === value);
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} className={className} hideLabel={hideLabel}>
      {(control) => (
        <Select {...control} value={index === -1 ? '' : String(index)} disabled={disabled} onChange={(e) => form.set(path, e.target.value === '' ? undefined : options[Number(e.target.value)]!.value)} onBlur={() => form.touch(path)}>
          {index === -1 ? <option value="">{placeholder ?? 'Choose…'}</option> : null}
          {options.map((o, i) => (
            <option key={String(o.value)} value={String(i)}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </FieldShell>
  );
}
