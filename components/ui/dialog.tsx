'use client';
// A modal on the native <dialog>: the browser traps focus, closes on Escape, makes the
// page behind it inert, and returns focus to what opened it.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { XIcon } from './icons.tsx';

export function Dialog({ open, onClose, title, description, children, footer, size = 'md' }: { open: boolean; onClose(): void; title: ReactNode; description?: ReactNode; children?: ReactNode; footer?: ReactNode; size?: 'md' | 'lg' }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === e.currentTarget) onClose();
      }}
      className={`m-auto w-[calc(100vw-2rem)] rounded-xl border border-border bg-card p-0 text-foreground shadow-2xl backdrop:bg-black/50 backdrop:backdrop-blur-[1px] ${size === 'lg' ? 'max-w-2xl' : 'max-w-md'}`}
    >
      {open ? (
        <div className="p-5">
          <div className="flex items-start justify-between gap-4">
            <h2 id={`${id}-title`} className="text-base font-semibold">
              {title}
            </h2>
            <button type="button" onClick={onClose} aria-label="Close" className="-m-1 rounded p-1 text-muted hover:bg-border/50 hover:text-foreground">
              <XIcon />
            </button>
          </div>
          {description ? (
            <div id={`${id}-description`} className="mt-1.5 text-sm text-muted">
              {description}
            </div>
          ) : null}
          {children ? <div className="mt-4">{children}</div> : null}
          {footer ? <div className="mt-5 flex flex-wrap justify-end gap-2">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
