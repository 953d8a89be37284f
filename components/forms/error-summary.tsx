'use client';
// After a save attempt that does not validate: how many problems, each a button that
// moves focus to its field (sections with errors have opened themselves by then).
import { useEffect, useRef } from 'react';
import type { FieldError } from './form-store.tsx';
import { plural } from '@/components/ui/plural.ts';

export function ErrorSummary({ errors, describe, domId, message }: { errors: FieldError[]; describe(path: string): string; domId(path: string): string; message?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  function focusField(path: string) {
    // The control may be an item of a list: fall back to the nearest rendered parent path.
    let p = path;
    while (p) {
      const el = document.getElementById(domId(p));
      if (el) {
        el.scrollIntoView({ block: 'center' });
        el.focus({ preventScroll: true });
        return;
      }
      p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
    }
  }
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="rounded-lg border border-danger/40 bg-danger/10 px-4 py-3 text-sm outline-none">
      <p className="font-medium text-danger">{message ?? (errors.length === 1 ? 'One problem needs fixing before saving' : `${plural(errors.length, 'problem')} need fixing before saving`)}</p>
      {errors.length > 0 ? (
        <ul className="mt-1.5 space-y-0.5">
          {errors.slice(0, 12).map((e) => (
            <li key={e.path}>
              <button type="button" className="text-left underline decoration-danger/40 underline-offset-2 hover:decoration-danger" onClick={() => focusField(e.path)}>
                {describe(e.path)}
              </button>
              : {e.message}
            </li>
          ))}
          {errors.length > 12 ? <li className="text-muted">and {errors.length - 12} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
