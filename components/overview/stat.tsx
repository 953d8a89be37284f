// The overview's building blocks: a stat card (optionally a link to its page) and a
// step of the getting-started checklist.
import { CardLink } from '@/components/ui/card-link.tsx';
import type { ReactNode } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';
import { CheckIcon } from '@/components/ui/icons.tsx';

export function Stat({ href, label, value, detail, badge }: { href?: string; label: string; value: ReactNode; detail: ReactNode; badge?: { tone: BadgeTone; text: string } }) {
  const body = (
    <Card className={`h-full p-4 ${href ? 'transition-colors group-hover:border-accent/60' : ''}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-muted">{label}</p>
        {badge ? (
          <Badge tone={badge.tone} dot>
            {badge.text}
          </Badge>
        ) : null}
      </div>
      <p className="mt-2 text-2xl font-semibold tracking-tight tabular-nums sm:text-3xl">{value}</p>
      <p className="mt-1 text-xs text-muted">{detail}</p>
    </Card>
  );
  return <CardLink href={href}>{body}</CardLink>;
}

export function Step({ done, title, children, action }: { done: boolean; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <li className="flex gap-3">
      <span aria-hidden className={`mt-0.5 grid size-6 shrink-0 place-items-center rounded-full border text-xs ${done ? 'border-success bg-success text-white' : 'border-border text-muted'}`}>
        {done ? <CheckIcon size={14} /> : null}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {title}
          {done ? <span className="sr-only"> (done)</span> : null}
        </p>
        <div className="text-sm text-muted">{children}</div>
        {action && !done ? <div className="mt-2">{action}</div> : null}
      </div>
    </li>
  );
}
