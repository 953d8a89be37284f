'use client';
// What changed between two configurations, object by object and field by field (the
// versions page, the rollback preview and the JSON restore preview all show this). An
// added or removed object can be opened to see everything it holds.
import Link from 'next/link';
import { useId, useState } from 'react';
import { ChevronRightIcon } from '@/components/ui/icons.tsx';
import type { ObjectChange } from '@/core/views/snapshot-diff.ts';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { plural } from '@/components/ui/plural.ts';

const CHANGE: Record<ObjectChange['change'], { tone: BadgeTone; label: string }> = {
  added: { tone: 'success', label: 'added' },
  removed: { tone: 'danger', label: 'removed' },
  changed: { tone: 'accent', label: 'changed' },
};

const TYPES: Record<ObjectChange['objectType'], string> = { host: 'Host', pool: 'Pool', cacheZone: 'Cache zone', limitZone: 'Limit zone', stream: 'Stream', settings: 'Settings' };

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = JSON.stringify(value);
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}

function hrefOf(c: ObjectChange): string | null {
  if (c.change === 'removed') return null;
  if (c.objectType === 'host') return `/hosts/${c.id}`;
  if (c.objectType === 'pool') return `/pools/${c.id}`;
  if (c.objectType === 'settings') return '/settings/proxy';
  if (c.objectType === 'stream') return '/streams';
  return '/settings/zones';
}

function FieldTable({ change: c }: { change: ObjectChange }) {
  return (
    <div className="overflow-x-auto border-t border-border">
      <table className="w-full min-w-[32rem] table-fixed text-xs">
        <caption className="sr-only">
          Fields of {c.name} {c.change === 'changed' ? 'that changed' : c.change === 'added' ? 'as added' : 'as they were'}
        </caption>
        <colgroup>
          <col className="w-1/4" />
          <col className="w-3/8" />
          <col className="w-3/8" />
        </colgroup>
        <thead className="text-left text-muted">
          <tr>
            <th scope="col" className="px-3 py-1.5 font-medium">Field</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Before</th>
            <th scope="col" className="px-3 py-1.5 font-medium">After</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {c.fields.slice(0, 80).map((f) => (
            <tr key={f.path} className="border-t border-border/60 align-top">
              <td className="px-3 py-1 break-all">{f.path}</td>
              <td className="px-3 py-1 break-all text-danger" title={f.beforeName ? show(f.before) : undefined}>{f.beforeName ?? show(f.before)}</td>
              <td className="px-3 py-1 break-all text-success" title={f.afterName ? show(f.after) : undefined}>{f.afterName ?? show(f.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {c.fields.length > 80 ? <p className="px-3 py-1.5 text-xs text-muted">and {plural(c.fields.length - 80, 'more field')}</p> : null}
    </div>
  );
}

/** An added or removed object: its fields behind a disclosure (an object can hold hundreds). */
function Contents({ change: c }: { change: ObjectChange }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const what = c.change === 'added' ? 'what it holds' : 'what it held';
  const label = open ? `Hide ${what}` : `Show ${what} (${plural(c.fields.length, 'field')})`;
  return (
    <>
      <div className="border-t border-border px-3 py-1.5">
        {/* The name says whose fields (its visible words first), without repeating the object's name in the page's text. */}
        <button type="button" aria-expanded={open} aria-controls={id} aria-label={`${label} of ${c.name}`} onClick={() => setOpen(!open)} className="flex items-center gap-1.5 text-xs text-accent hover:underline">
          <ChevronRightIcon size={12} className={`transition-transform ${open ? 'rotate-90' : ''}`} />
          {label}
        </button>
      </div>
      <div id={id} hidden={!open}>
        {open ? <FieldTable change={c} /> : null}
      </div>
    </>
  );
}

export function DiffView({ changes, empty = 'No differences: both configurations are the same.' }: { changes: ObjectChange[]; empty?: string }) {
  if (changes.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <ul className="space-y-3">
      {changes.map((c) => {
        const href = hrefOf(c);
        return (
          <li key={`${c.objectType}-${c.id}`} className="rounded-md border border-border bg-background/50">
            <div className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
              <Badge tone={CHANGE[c.change].tone}>{CHANGE[c.change].label}</Badge>
              <span className="text-muted">{TYPES[c.objectType]}</span>
              {href ? (
                <Link href={href} className="font-medium hover:text-accent">
                  {c.name}
                </Link>
              ) : (
                <span className="font-medium">{c.name}</span>
              )}
              {c.change === 'changed' ? <span className="text-xs text-muted">{plural(c.fields.length, 'field')}</span> : null}
            </div>
            {c.fields.length === 0 ? null : c.change === 'changed' ? <FieldTable change={c} /> : <Contents change={c} />}
          </li>
        );
      })}
    </ul>
  );
}
