'use client';
// A plain-text editor for configuration files: a textarea with line numbers, and an
// error drawn where it is (the line highlighted, a marker under the column, the message
// beside it). Lines never wrap, so line N of the text is line N on screen.
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { describedBy, FieldMessage } from '@/components/ui/field-message.tsx';

const LINE_PX = 20;
const PAD_PX = 8;
/** The editor grows with its text up to this many lines, then scrolls. */
const MAX_ROWS = 40;

export interface CodeError {
  line: number;
  column: number;
  message: string;
}

export interface CodeAreaHandle {
  /** Moves the caret to a line and column, scrolls it into view and focuses the editor. */
  goTo(line: number, column?: number): void;
}

interface Props {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: CodeError | null;
  /** Lines to mark (warnings), besides the error. */
  marks?: readonly number[];
  placeholder?: string;
  rows?: number;
  hint?: string;
}

export const CodeArea = forwardRef<CodeAreaHandle, Props>(function CodeArea({ id, label, value, onChange, error, marks = [], placeholder, rows = 14, hint }, ref) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const lines = Math.max(1, value.split('\n').length);
  const marked = new Set(marks);

  useImperativeHandle(ref, () => ({
    goTo(line, column = 1) {
      const el = textarea.current;
      if (!el) return;
      const all = el.value.split('\n');
      const target = Math.min(Math.max(1, line), all.length);
      let offset = 0;
      for (let i = 0; i < target - 1; i++) offset += all[i]!.length + 1;
      offset += Math.min(Math.max(0, column - 1), all[target - 1]!.length);
      el.focus();
      el.setSelectionRange(offset, offset);
      el.scrollTop = Math.max(0, (target - 1) * LINE_PX - el.clientHeight / 2);
      el.closest('[data-code-area]')?.scrollIntoView({ block: 'nearest' });
    },
  }));

  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div data-code-area className={`relative overflow-hidden rounded-md border bg-card shadow-xs focus-within:ring-2 ${error ? 'border-danger focus-within:ring-danger/25' : 'border-border focus-within:border-accent focus-within:ring-accent/25'}`}>
        {/* Line numbers, moved with the text's scroll; the textarea alone sets the height. */}
        <div aria-hidden className="absolute inset-y-0 left-0 w-11 overflow-hidden border-r border-border bg-background/60 select-none">
          <div style={{ transform: `translateY(${PAD_PX - scroll.top}px)` }} className="font-mono text-[11px] leading-5 text-muted">
            {Array.from({ length: lines }, (_, i) => (
              <div key={i} className={`pr-2 text-right ${error?.line === i + 1 ? 'bg-danger font-semibold text-white' : marked.has(i + 1) ? 'text-warning' : ''}`}>
                {i + 1}
              </div>
            ))}
          </div>
        </div>
        <div className="relative ml-11 min-w-0">
          {error ? (
            <>
              <div aria-hidden className="pointer-events-none absolute inset-x-0 h-5 border-l-2 border-danger bg-danger/10" style={{ top: PAD_PX + (error.line - 1) * LINE_PX - scroll.top }} />
              <div aria-hidden className="pointer-events-none absolute z-20 max-w-[calc(100%-1rem)] font-mono text-[13px]" style={{ top: PAD_PX + error.line * LINE_PX - scroll.top, left: `calc(0.75rem + ${Math.max(0, error.column - 1)}ch - ${scroll.left}px)` }}>
                <span className="block h-0 w-0 border-x-[5px] border-b-[6px] border-x-transparent border-b-danger" />
                <span className="-ml-1 block rounded-md bg-danger px-2 py-1 font-sans text-xs whitespace-normal text-white shadow-md">{error.message}</span>
              </div>
            </>
          ) : null}
          <textarea
            ref={textarea}
            id={id}
            value={value}
            rows={Math.min(Math.max(lines + 1, rows), MAX_ROWS)}
            wrap="off"
            spellCheck={false}
            autoCapitalize="off"
            autoComplete="off"
            placeholder={placeholder}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, error, hint)}
            onChange={(e) => onChange(e.target.value)}
            onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft })}
            className="relative z-10 block w-full resize-y bg-transparent px-3 py-2 font-mono text-[13px] leading-5 whitespace-pre outline-none placeholder:text-muted/70"
          />
        </div>
      </div>
      <FieldMessage id={id} error={error ? `Line ${error.line}, column ${error.column}: ${error.message}` : null} hint={hint} />
    </div>
  );
});
