'use client';
// The audit log: who changed what and when, filtered by object, with what each change
// did shown as a field-by-field diff. Older events load on demand.
import Link from 'next/link';
import { Fragment, useState, type FormEvent } from 'react';
import type { AuditEventView } from '@/core/views/audit.ts';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { ExpandedRow, ExpandToggleCell } from '@/components/ui/expandable-row.tsx';
import { FieldShell, Input, Select } from '@/components/ui/input.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { clip } from '@/core/config/messages.ts';
import { actionLabel, describeAuditEvent, objectTypeLabel } from './describe.ts';
import { diffJson } from './json-diff.ts';

export interface AuditFilters {
  objectType: string;
  objectId: string;
}

function toneOf(action: string): BadgeTone {
  if (action.endsWith('.delete') || action.endsWith('.revoke') || action.endsWith('.failed')) return 'danger';
  if (action.endsWith('.create') || action.endsWith('.setup')) return 'success';
  if (action.endsWith('.update') || action.endsWith('.password')) return 'accent';
  return 'neutral';
}

function objectHref(e: AuditEventView): string | null {
  if (!e.objectId || e.action.endsWith('.delete')) return null;
  if (e.objectType === 'host') return `/hosts/${e.objectId}`;
  if (e.objectType === 'pool') return `/pools/${e.objectId}`;
  return null;
}

/** A recorded value, with an id it refers to named ("pool backend" rather than a cuid). */
function shown(value: string | undefined, references: Record<string, string>): string {
  if (value === undefined) return '—';
  const id = /^"(.*)"$/.exec(value)?.[1];
  return id !== undefined && references[id] ? `${references[id]} (${value})` : value;
}

function Details({ event, references }: { event: AuditEventView; references: Record<string, string> }) {
  const rows = diffJson(event.before, event.after);
  if (rows.length === 0) return <p className="text-sm text-muted">No recorded field changes{event.ip ? ` · from ${event.ip}` : ''}.</p>;
  return (
    <div className="space-y-2">
      <table className="w-full text-xs">
        <caption className="sr-only">Fields changed by this event</caption>
        <thead className="text-left text-muted">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Field</th>
            <th scope="col" className="py-1 pr-3 font-medium">Before</th>
            <th scope="col" className="py-1 font-medium">After</th>
          </tr>
        </thead>
        <tbody className="font-mono">
          {rows.slice(0, 60).map((r) => (
            <tr key={r.path} className="border-t border-border/60 align-top">
              <td className="py-1 pr-3 break-all">{r.path}</td>
              <td className="py-1 pr-3 break-all text-danger">{shown(r.before, references)}</td>
              <td className="py-1 break-all text-success">{shown(r.after, references)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > 60 ? <p className="text-xs text-muted">and {rows.length - 60} more fields</p> : null}
      {event.ip ? <p className="text-xs text-muted">From {event.ip}</p> : null}
    </div>
  );
}

export function AuditClient({ initial, nextBefore: initialNext, references: initialReferences, objectTypes, filters: initialFilters }: { initial: AuditEventView[]; nextBefore: string | null; references: Record<string, string>; objectTypes: string[]; filters: AuditFilters }) {
  const [events, setEvents] = useState(initial);
  const [references, setReferences] = useState(initialReferences);
  const [nextBefore, setNextBefore] = useState(initialNext);
  const [filters, setFilters] = useState(initialFilters);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function load(f: AuditFilters, before: string | null) {
    const params = new URLSearchParams({ limit: '50' });
    if (f.objectType) params.set('objectType', f.objectType);
    if (f.objectId) params.set('objectId', f.objectId);
    if (before) params.set('before', before);
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ events: AuditEventView[]; nextBefore: string | null; references: Record<string, string> }>('GET', `/api/v1/audit?${params}`);
      setEvents((current) => (before ? [...current, ...res.events] : res.events));
      setReferences((current) => (before ? { ...current, ...res.references } : res.references));
      setNextBefore(res.nextBefore);
    } catch (e) {
      setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }
  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const params = new URLSearchParams();
    if (filters.objectType) params.set('objectType', filters.objectType);
    if (filters.objectId) params.set('objectId', filters.objectId.trim());
    // The URL keeps the filter, so it can be shared and survives a reload (without a server round trip).
    window.history.replaceState(null, '', `/audit${params.size ? `?${params}` : ''}`);
    void load({ ...filters, objectId: filters.objectId.trim() }, null);
  }
  const toggle = (id: string) => setOpen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set(s).add(id)));

  return (
    <div className="space-y-4">
      <form onSubmit={applyFilters} className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <FieldShell id="audit-type" label="Object type" className="w-44">
          {(control) => (
            <Select {...control} value={filters.objectType} onChange={(e) => setFilters({ ...filters, objectType: e.target.value })}>
              <option value="">All</option>
              {objectTypes.map((t) => (
                <option key={t} value={t}>
                  {objectTypeLabel(t)}
                </option>
              ))}
            </Select>
          )}
        </FieldShell>
        <FieldShell id="audit-object" label="Object id" className="w-full sm:w-64">
          {(control) => <Input {...control} value={filters.objectId} onChange={(e) => setFilters({ ...filters, objectId: e.target.value })} placeholder="any" maxLength={128} className="font-mono text-[13px]" />}
        </FieldShell>
        <Button type="submit" variant="secondary" disabled={busy}>
          Filter
        </Button>
      </form>
      <FailureAlert message={error} />
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
            <tr>
              <th scope="col" className="w-8 px-2 py-2.5"><span className="sr-only">Details</span></th>
              <th scope="col" className="px-3 py-2.5 font-medium">When</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Action</th>
              <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">Object</th>
              <th scope="col" className="hidden px-3 py-2.5 font-medium sm:table-cell">By</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const href = objectHref(e);
              const expanded = open.has(e.id);
              const description = describeAuditEvent(e);
              const object = e.objectName ?? (e.objectId ? 'unnamed' : null);
              return (
                <Fragment key={e.id}>
                  <tr className="border-b border-border last:border-0">
                    <ExpandToggleCell expanded={expanded} controls={`audit-${e.id}`} label={`Details: ${description}`} onToggle={() => toggle(e.id)} />
                    <td className="px-3 py-2 whitespace-nowrap">
                      <RelativeTime iso={e.at} />
                    </td>
                    <td className="px-3 py-2">
                      <span className="block">{description}</span>
                      <span className="mt-0.5 flex flex-wrap items-center gap-2">
                        <Badge tone={toneOf(e.action)}>{actionLabel(e.action)}</Badge>
                        {e.revision != null ? <span className="text-xs text-muted">revision {e.revision}</span> : null}
                      </span>
                      <span className="mt-0.5 block text-xs text-muted md:hidden">
                        {objectTypeLabel(e.objectType)} · {e.actor.replace(/^user:/, '')}
                      </span>
                    </td>
                    <td className="hidden px-3 py-2 md:table-cell">
                      <span className="text-muted">{objectTypeLabel(e.objectType)}</span>{' '}
                      {object ? href ? <Link href={href} className="font-medium text-accent hover:underline" title={object}>{clip(object)}</Link> : <span className="font-medium" title={object}>{clip(object)}</span> : null}
                    </td>
                    <td className="hidden max-w-56 truncate px-3 py-2 sm:table-cell" title={e.actor}>
                      {e.actor.replace(/^user:/, '')}
                    </td>
                  </tr>
                  {expanded ? (
                    <ExpandedRow id={`audit-${e.id}`} colSpan={4}>
                      <Details event={e} references={references} />
                    </ExpandedRow>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
        {events.length === 0 ? <p className="px-4 py-8 text-center text-sm text-muted">No events{filters.objectType || filters.objectId ? ' match this filter' : ' yet'}. Changes to hosts, pools, users and tokens appear here.</p> : null}
      </Card>
      {nextBefore ? (
        <div className="flex justify-center">
          <Button variant="secondary" disabled={busy} onClick={() => load(filters, nextBefore)}>
            {busy ? 'Loading…' : 'Load older events'}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
