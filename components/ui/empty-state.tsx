import type { ReactNode } from 'react';

/** What to show where a list is empty: what this is for, and the next step. */
export function EmptyState({ icon, title, children, action }: { icon?: ReactNode; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-border bg-card px-6 py-12 text-center">
      {icon ? <div className="mb-3 grid size-10 place-items-center rounded-full bg-accent/10 text-accent">{icon}</div> : null}
      <h2 className="font-semibold">{title}</h2>
      <div className="mt-1 max-w-md text-sm text-muted">{children}</div>
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
