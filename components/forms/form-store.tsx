'use client';
// The editors' form state: one JSON-like value edited by path, validated on every change
// with the shared zod schema, with the server's 422 paths and the engine's object errors
// laid over it. Errors show at a field once it was left or a save was attempted.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { fieldDomId, getPath, setPath, stripUiKeys, type Path } from './paths.ts';
import { unparsedMessage } from './error-map.ts';
import { maxLengthAt } from './schema-limits.ts';

export interface FieldError {
  path: Path;
  message: string;
}

interface ExternalError {
  message: string;
  /** The value at the path when the error was reported: editing it clears the error. */
  snapshot: string;
}

export interface FormApi {
  id: string;
  readOnly: boolean;
  submitted: boolean;
  get(path: Path): unknown;
  set(path: Path, value: unknown): void;
  touch(path: Path): void;
  /** The error to show at exactly this path, if any. */
  error(path: Path): string | undefined;
  /** How many errors are showing at or below this path (sections open themselves for them). */
  errorsUnder(prefix: Path): number;
  domId(path: Path): string;
  /** The model's longest text at this path (a control's maxLength), if it sets one. */
  maxLength(path: Path): number | undefined;
}

const FormContext = createContext<FormApi | null>(null);

export function useForm(): FormApi {
  const form = useContext(FormContext);
  if (!form) throw new Error('useForm outside a <FormProvider>');
  return form;
}

export function FormProvider({ form, children }: { form: FormApi; children: ReactNode }) {
  return <FormContext.Provider value={form}>{children}</FormContext.Provider>;
}

const snapshotOf = (value: unknown) => JSON.stringify(value ?? null);

/** The first message per path; text a numeric control could not read is said as such, whatever the schema's message. */
function issueMap(issues: readonly z.core.$ZodIssue[], value: unknown): Map<Path, string> {
  const map = new Map<Path, string>();
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (!map.has(path)) map.set(path, unparsedMessage(getPath(value, path)) ?? issue.message);
  }
  return map;
}

export interface FormController<T, Out> {
  api: FormApi;
  value: T;
  setValue(update: (value: T) => T): void;
  dirty: boolean;
  /** Every current validation problem (shown or not yet). */
  issues: FieldError[];
  /** Marks the form submitted; returns what to send (the input, without client-only keys) and
   * the parsed value, or null when it does not validate. The input is sent rather than the
   * output so the server does its own normalising (IDN names) with Node's own modules. */
  submit(): { input: unknown; output: Out } | null;
  /** Lays errors from the API (422 paths) or the engine over the fields; `against` is the
   * value they were reported for (after a reset, the new value rather than this render's). */
  showExternalErrors(errors: FieldError[], against?: T): void;
  /** After a save: the saved value becomes the new baseline. */
  reset(value: T): void;
  visibleErrors: FieldError[];
}

export function useFormController<T, S extends z.ZodType>({ id, initial, schema, readOnly = false, initialErrors = [] }: { id: string; initial: T; schema: S; readOnly?: boolean; initialErrors?: FieldError[] }): FormController<T, z.output<S>> {
  const [value, setValueState] = useState<T>(initial);
  const [baseline, setBaseline] = useState(() => snapshotOf(stripUiKeys(initial)));
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<Path>>(() => new Set());
  const [external, setExternal] = useState<ReadonlyMap<Path, ExternalError>>(() => new Map(initialErrors.map((e) => [e.path, { message: e.message, snapshot: snapshotOf(getPath(initial, e.path)) }])));

  const parsed = useMemo(() => schema.safeParse(stripUiKeys(value)), [schema, value]);
  const issues = useMemo(() => (parsed.success ? new Map<Path, string>() : issueMap(parsed.error.issues, value)), [parsed, value]);

  const visible = useMemo(() => {
    const map = new Map<Path, string>();
    for (const [path, e] of external) if (snapshotOf(getPath(value, path)) === e.snapshot) map.set(path, e.message);
    // Leaving a control reveals its errors and those of its items (a chip list's entries).
    const isTouched = (path: Path) => touched.has(path) || [...touched].some((t) => path.startsWith(`${t}.`));
    for (const [path, message] of issues) if (submitted || isTouched(path)) map.set(path, message);
    return map;
  }, [external, issues, submitted, touched, value]);

  const setValue = useCallback((update: (v: T) => T) => setValueState(update), []);

  const api = useMemo<FormApi>(
    () => ({
      id,
      readOnly,
      submitted,
      get: (path) => getPath(value, path),
      set: (path, next) => setValueState((v) => setPath(v, path, next)),
      touch: (path) => setTouched((t) => (t.has(path) ? t : new Set(t).add(path))),
      error: (path) => visible.get(path),
      errorsUnder: (prefix) => {
        let count = 0;
        for (const path of visible.keys()) if (prefix === '' || path === prefix || path.startsWith(`${prefix}.`)) count++;
        return count;
      },
      domId: (path) => fieldDomId(id, path),
      maxLength: (path) => maxLengthAt(schema, path),
    }),
    [id, readOnly, submitted, value, visible, schema],
  );

  return {
    api,
    value,
    setValue,
    dirty: snapshotOf(stripUiKeys(value)) !== baseline,
    issues: [...issues].map(([path, message]) => ({ path, message })),
    visibleErrors: [...visible].map(([path, message]) => ({ path, message })),
    submit: () => {
      setSubmitted(true);
      return parsed.success ? { input: stripUiKeys(value), output: parsed.data } : null;
    },
    showExternalErrors: (errors, against = value) => setExternal(new Map(errors.map((e) => [e.path, { message: e.message, snapshot: snapshotOf(getPath(against, e.path)) }]))),
    reset: (next) => {
      setValueState(next);
      setBaseline(snapshotOf(stripUiKeys(next)));
      setSubmitted(false);
      setTouched(new Set());
    },
  };
}
