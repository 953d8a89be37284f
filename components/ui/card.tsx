import type { HTMLAttributes, ReactNode } from 'react';

export function Card({ className = '', ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={`rounded-lg border border-border bg-card shadow-xs ${className}`} {...props} />;
}

/**
 * A card with a titled header row and optional actions on the right. The title block takes
 * the room the actions leave (from 16rem), so a long description wraps beside the actions
 * instead of pushing them onto a line of their own; only a narrow card puts them below.
 */
export function SectionCard({ title, description, actions, children, className = '', id }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  return (
    <section aria-labelledby={id ? `${id}-title` : undefined} className={`min-w-0 rounded-lg border border-border bg-card shadow-xs ${className}`}>
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-border px-4 py-3 sm:px-5">
        <div className="min-w-0 flex-1 basis-64">
          <h2 id={id ? `${id}-title` : undefined} className="text-[15px] font-semibold">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-sm text-muted">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
      </header>
      <div className="px-4 py-4 sm:px-5">{children}</div>
    </section>
  );
}
