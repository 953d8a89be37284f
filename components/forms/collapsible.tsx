'use client';
// A disclosure: a header button (aria-expanded) that shows or hides a region. It opens
// itself when a save attempt finds errors inside, so the errors are never hidden.
import { useId, useState, type ReactNode } from 'react';
import { ChevronRightIcon } from '@/components/ui/icons.tsx';

export function Collapsible({ title, meta, badges, defaultOpen = false, forceOpen = false, children, className = '' }: { title: ReactNode; meta?: ReactNode; badges?: ReactNode; defaultOpen?: boolean; forceOpen?: boolean; children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(defaultOpen);
  const id = useId();
  const shown = open || forceOpen;
  return (
    <div className={className}>
      <h3 className="text-sm">
        <button
          type="button"
          aria-expanded={shown}
          aria-controls={id}
          onClick={() => setOpen(!shown)}
          className="flex w-full items-center gap-3 px-4 py-3 text-left hover:bg-border/25 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent"
        >
          <ChevronRightIcon size={14} className={`shrink-0 text-muted transition-transform ${shown ? 'rotate-90' : ''}`} />
          <span className="min-w-0 flex-1">
            <span className="block font-medium">{title}</span>
            {meta ? <span className="block truncate text-xs text-muted">{meta}</span> : null}
          </span>
          {badges ? <span className="flex shrink-0 items-center gap-1.5">{badges}</span> : null}
        </button>
      </h3>
      <div id={id} role="region" aria-label={typeof title === 'string' ? title : undefined} hidden={!shown} className="px-4 pt-1 pb-4 sm:pl-11">
        {children}
      </div>
    </div>
  );
}
