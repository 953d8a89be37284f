'use client';
// Status codes typed as "200 301 302" (or "any"), stored as numbers or the literal "any".
import { useState } from 'react';
import { FieldShell, Input } from '@/components/ui/input.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { Unparsed } from '@/components/forms/units.ts';
import type { Path } from '@/components/forms/paths.ts';

function parse(text: string): number[] | 'any' | Unparsed {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'any') return 'any';
  const parts = trimmed.split(/[\s,]+/).filter(Boolean);
  return parts.length > 0 && parts.every((p) => /^\d{3}$/.test(p)) ? parts.map(Number) : new Unparsed('number', text);
}

export function StatusListField({ path, label }: { path: Path; label: string }) {
  const form = useForm();
  const value = form.get(path);
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (value instanceof Unparsed ? value.text : Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '');
  const error = form.error(path) ?? [0, 1, 2, 3, 4, 5, 6, 7].map((i) => form.error(`${path}.${i}`)).find(Boolean);
  return (
    <FieldShell id={form.domId(path)} label={label} error={error} hint="Space-separated codes, or “any”.">
      {(control) => (
        <Input
          {...control}
          value={shown}
          disabled={form.readOnly}
          className="font-mono text-[13px]"
          placeholder="200 301 302"
          onFocus={() => setDraft(shown)}
          onChange={(e) => {
            setDraft(e.target.value);
            form.set(path, parse(e.target.value));
          }}
          onBlur={() => {
            setDraft(null);
            form.touch(path);
          }}
        />
      )}
    </FieldShell>
  );
}
