import Link from 'next/link';
import type { ReactNode } from 'react';
import { ChevronLeftIcon } from './icons.tsx';

export function PageHeader({ title, description, actions, back }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; back?: { href: string; label: string } }) {
  return (
    <header className="space-y-2">
      {back ? (
        <Link href={back.href} className="inline-flex items-center gap-1 text-sm text-muted hover:text-foreground">
          <ChevronLeftIcon size={14} />
          {back.label}
        </Link>
      ) : null}
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{title}</h1>
          {description ? <p className="mt-1 max-w-2xl text-sm text-muted">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
    </header>
  );
}
