// One step of a trace: a numbered marker on a line that runs down the steps, and what
// happened at that step.
import type { ReactNode } from 'react';

export function TraceStep({ n, title, tone = 'done', last = false, children }: { n: number; title: ReactNode; tone?: 'done' | 'stop' | 'skip'; last?: boolean; children: ReactNode }) {
  const marker = tone === 'stop' ? 'border-danger bg-danger text-white' : tone === 'skip' ? 'border-border bg-card text-muted' : 'border-accent bg-accent text-accent-foreground';
  return (
    <li className="relative flex gap-3 sm:gap-4">
      {last ? null : <span aria-hidden className="absolute top-8 bottom-[-1rem] left-[13px] w-px bg-border" />}
      <span aria-hidden className={`relative z-10 mt-0.5 grid size-7 shrink-0 place-items-center rounded-full border text-xs font-semibold ${marker}`}>
        {n}
      </span>
      <section className="min-w-0 flex-1 rounded-lg border border-border bg-card shadow-xs" aria-label={typeof title === 'string' ? title : undefined}>
        <h3 className="border-b border-border px-4 py-2.5 text-[15px] font-semibold">{title}</h3>
        <div className="space-y-3 px-4 py-3 text-sm">{children}</div>
      </section>
    </li>
  );
}

/** A term and its value, for the small definition lists inside steps. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-x-4 gap-y-0.5 sm:grid-cols-[10rem_minmax(0,1fr)]">
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}
