'use client';
// The hosts list: search by name, status with the reason, the last minute's traffic as
// a sparkline, and a link into each editor.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';
import { SearchIcon } from '@/components/ui/icons.tsx';
import { Input } from '@/components/ui/input.tsx';
import { Sparkline } from '@/components/charts/sparkline.tsx';
import { useStatsStream } from '@/components/hooks/use-stats-stream.ts';
import { formatRate } from '@/components/live/format.ts';
import { secondOf } from '@/components/live/series.ts';
import { primaryServerName } from '@/core/config/primary-name.ts';

export interface HostRowView {
  id: string;
  names: string[];
  entrypoints: string[];
  enabled: boolean;
  defaultServer: boolean;
  locations: number;
  forceHttps: boolean;
  /** Where the first locations send traffic, in a few words. */
  target: string;
  errors: string[];
}

/** 'elsewhere': a dashboard-only instance (PORTICO_ROLE=dashboard), whose engines run on other nodes. */
type EngineState = boolean | 'elsewhere';

function statusOf(host: HostRowView, engineRunning: EngineState) {
  if (!host.enabled) return { tone: 'neutral' as const, label: 'Disabled', reason: 'Turned off in its settings' };
  if (host.errors.length > 0) return { tone: 'danger' as const, label: 'Errors', reason: host.errors.join('\n') };
  if (engineRunning === 'elsewhere') return { tone: 'neutral' as const, label: 'Saved', reason: 'This instance runs no engine: the engines on the other nodes serve it (see Nodes)' };
  if (!engineRunning) return { tone: 'warning' as const, label: 'Engine down', reason: 'The proxy engine is not running' };
  return { tone: 'success' as const, label: 'Serving', reason: '' };
}

export function HostsListClient({ hosts, engineRunning }: { hosts: HostRowView[]; engineRunning: EngineState }) {
  const [query, setQuery] = useState('');
  const { snapshots } = useStatsStream(60);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? hosts.filter((h) => h.names.some((n) => n.includes(q))) : hosts;
  }, [hosts, query]);
  return (
    <div className="space-y-3">
      <div className="relative max-w-xs">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-muted" />
        <Input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search by name…" aria-label="Search hosts by name" className="pl-9" />
      </div>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Host
              </th>
              <th scope="col" className="px-4 py-2.5 font-medium">
                Status
              </th>
              <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">
                Entrypoints
              </th>
              <th scope="col" className="hidden px-4 py-2.5 font-medium lg:table-cell">
                Sends to
              </th>
              <th scope="col" className="px-4 py-2.5 text-right font-medium">
                Last minute
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((host) => {
              const status = statusOf(host, engineRunning);
              return (
                <tr key={host.id} className="relative border-b border-border transition-colors last:border-0 hover:bg-border/20">
                  <td className="px-4 py-3">
                    {/* The link covers the row (after:inset-0), so the whole row is clickable yet one tab stop. */}
                    <Link href={`/hosts/${host.id}`} className="font-medium after:absolute after:inset-0 hover:text-accent focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-accent">
                      {host.names[0]}
                    </Link>
                    {host.names.length > 1 ? <div className="max-w-xs truncate text-xs text-muted">{host.names.slice(1).join(', ')}</div> : null}
                  </td>
                  <td className="px-4 py-3" title={status.reason}>
                    <Badge tone={status.tone} dot>
                      {status.label}
                    </Badge>
                    {host.errors.length > 0 ? <p className="mt-1 max-w-sm text-xs text-danger">{host.errors[0]}</p> : null}
                  </td>
                  <td className="hidden px-4 py-3 md:table-cell">
                    <div className="flex flex-wrap gap-1">
                      {host.entrypoints.map((e) => (
                        <Badge key={e} tone={e === 'https' ? 'accent' : 'neutral'}>
                          {e.toUpperCase()}
                        </Badge>
                      ))}
                      {host.defaultServer ? <Badge>default</Badge> : null}
                      {host.forceHttps ? <Badge tone="accent">→ HTTPS</Badge> : null}
                    </div>
                  </td>
                  <td className="hidden max-w-xs truncate px-4 py-3 text-muted lg:table-cell">{host.target}</td>
                  <td className="px-4 py-3">
                    <Traffic values={snapshots.map((s) => secondOf(s, primaryServerName(host.names)).requests)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {shown.length === 0 ? <p className="px-4 py-6 text-center text-sm text-muted">No host matches “{query}”.</p> : null}
      </Card>
    </div>
  );
}

function Traffic({ values }: { values: number[] }) {
  const total = values.reduce((n, v) => n + v, 0);
  const rate = values.length ? total / values.length : 0;
  return (
    <div className="flex items-center justify-end gap-2" title={`${total} requests in the last minute`}>
      <Sparkline values={values} className="h-5 w-12 sm:h-6 sm:w-20" />
      <span className="w-12 text-right text-xs text-muted tabular-nums">
        {formatRate(rate)}/s<span className="sr-only"> ({total} requests in the last minute)</span>
      </span>
    </div>
  );
}
