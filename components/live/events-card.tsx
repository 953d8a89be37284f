'use client';
// What happened besides traffic in the live window: a server leaving rotation or a
// certificate renewed explains the step in a chart above it.
import Link from 'next/link';
import { Badge } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import type { ShownEvent } from './stream-events.ts';

export function EventsCard({ events, windowLabel }: { events: ShownEvent[]; windowLabel: string }) {
  return (
    <SectionCard id="events" title="Events" description={`Servers leaving or rejoining rotation, certificate issuance and renewal, and changes the health gate undid, ${windowLabel}.`}>
      {events.length === 0 ? (
        <p className="text-sm text-muted">Nothing happened besides traffic in this window.</p>
      ) : (
        <ul className="divide-y divide-border text-sm" aria-label="Events">
          {events.map((e) => (
            <li key={e.key} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 first:pt-0 last:pb-0">
              <time dateTime={new Date(e.at).toISOString()} className="w-20 shrink-0 text-xs text-muted tabular-nums">
                {new Date(e.at).toLocaleTimeString()}
              </time>
              <Badge tone={e.tone} dot>
                {e.label}
              </Badge>
              <span className="min-w-0 flex-1 break-words">{e.href ? <Link href={e.href} className="hover:text-accent">{e.text}</Link> : e.text}</span>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
