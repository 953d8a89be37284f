'use client';
// A list of short strings (server names, origins, MIME types) edited as chips: type and
// press Enter or comma; paste a list; Backspace on an empty input removes the last one.
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { describedBy, FieldMessage } from '@/components/ui/field-message.tsx';
import { XIcon } from '@/components/ui/icons.tsx';
import { useForm } from './form-store.tsx';
import type { Path } from './paths.ts';
import { quote } from '@/core/config/messages.ts';

export function TagsField({ path, label, hint, placeholder, mono = true, transform, autoFocus, commaSeparates = true }: { path: Path; label: ReactNode; hint?: ReactNode; placeholder?: string; mono?: boolean; transform?(value: string): string; autoFocus?: boolean; /** Off where values may hold commas (regexes such as ~^a{1,3}$). */ commaSeparates?: boolean }) {
  const form = useForm();
  const [draft, setDraft] = useState('');
  const raw = form.get(path);
  const items = Array.isArray(raw) ? (raw as string[]) : [];
  const id = form.domId(path);
  const listError = form.error(path);
  const itemErrors = items.map((item, i) => ({ item, i, message: form.error(`${path}.${i}`) })).filter((e) => e.message);
  // An entry is named in its error cut short: a 10,000-character entry must not become a 10,000-character message.
  const errorText = [listError, ...itemErrors.map((e) => `${quote(e.item)}: ${e.message}`)].filter(Boolean);
  const maxLength = form.maxLength(`${path}.0`);

  function add(text: string) {
    const parts = text
      .split(commaSeparates ? /[\s,]+/ : /\s+/)
      .map((p) => (transform ? transform(p.trim()) : p.trim()))
      .filter(Boolean);
    if (parts.length === 0) return;
    form.set(path, [...items, ...parts.filter((p) => !items.includes(p))]);
    setDraft('');
  }
  function remove(index: number) {
    form.set(path, items.filter((_, i) => i !== index));
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' || (e.key === ',' && commaSeparates)) {
      e.preventDefault();
      add(draft);
    } else if (e.key === 'Backspace' && draft === '' && items.length > 0) {
      remove(items.length - 1);
    }
  }

  return (
    <div className="min-w-0 space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div
        className={`flex min-h-9 flex-wrap items-center gap-1.5 rounded-md border bg-card px-1.5 py-1 shadow-xs focus-within:border-accent focus-within:ring-2 focus-within:ring-accent/25 ${errorText.length ? 'border-danger' : 'border-border'}`}
      >
        <ul className="contents" aria-label={typeof label === 'string' ? label : undefined}>
          {items.map((item, i) => {
            const bad = Boolean(form.error(`${path}.${i}`));
            return (
              <li key={`${item}-${i}`} className={`inline-flex max-w-full items-center gap-1 rounded px-2 py-0.5 text-[13px] ${mono ? 'font-mono' : ''} ${bad ? 'bg-danger/15 text-danger' : 'bg-border/60'}`}>
                <span className="truncate">{item}</span>
                {form.readOnly ? null : (
                  <button type="button" onClick={() => remove(i)} aria-label={`Remove ${item.length > 60 ? `${item.slice(0, 60)}…` : item}`} className="-mr-1 rounded p-0.5 text-muted hover:bg-border hover:text-foreground">
                    <XIcon size={12} />
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        {form.readOnly ? null : (
          <input
            id={id}
            value={draft}
            autoFocus={autoFocus}
            aria-invalid={errorText.length ? true : undefined}
            aria-describedby={describedBy(id, errorText.length, hint)}
            placeholder={items.length === 0 ? placeholder : 'Add another…'}
            spellCheck={false}
            autoComplete="off"
            maxLength={maxLength}
            className={`h-7 min-w-32 flex-1 bg-transparent px-1.5 text-sm outline-none placeholder:text-muted/70 ${mono ? 'font-mono text-[13px]' : ''}`}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if ((commaSeparates ? /[\s,]/ : /\s/).test(text.trim())) {
                e.preventDefault();
                add(draft + text);
              }
            }}
            onBlur={() => {
              add(draft);
              form.touch(path);
            }}
          />
        )}
      </div>
      <FieldMessage id={id} error={errorText.length ? errorText.map((t) => <p key={t}>{t}</p>) : null} hint={hint} />
    </div>
  );
}
