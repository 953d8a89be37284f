'use client';

import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';

export interface HostRowView {
  id: string;
  names: string[];
  entrypoints: string[];
  enabled: boolean;
  defaultServer: boolean;
  locations: number;
  forceHttps: boolean;
  errors: string[];
}

function statusOf(host: HostRowView, engineRunning: boolean) {
  if (!host.enabled) return { tone: 'neutral' as const, label: 'Disabled', reason: 'Turned off' };
  if (host.errors.length > 0) return { tone: 'danger' as const, label: 'Errors', reason: host.errors.join('\n') };
  if (!engineRunning) return { tone: 'warning' as const, label: 'Engine down', reason: 'The proxy engine is not running' };
  return { tone: 'success' as const, label: 'Serving', reason: '' };
}

export function HostsTable({ hosts, engineRunning }: { hosts: HostRowView[]; engineRunning: boolean }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? hosts.filter((h) => h.names.some((n) => n.includes(q))) : hosts;
  }, [hosts, query]);

  if (hosts.length === 0) {
    return (
      <Card className="p-8 text-center">
        <h2 className="font-medium">No hosts yet</h2>
        <p className="mx-auto mt-1 max-w-md text-sm text-muted">
          A host maps names like <code className="font-mono">app.example.com</code> to upstream servers. Create one with{' '}
          <code className="font-mono">POST /api/v1/hosts</code> (see <a className="text-accent underline" href="/api/v1/openapi.json">the API document</a>).
        </p>
      </Card>
    );
  }
  return (
    <div className="space-y-3">
      <input
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder="Search by name…"
        aria-label="Search hosts by name"
        className="w-full max-w-xs rounded-md border border-border bg-card px-3 py-2 text-sm outline-none focus:border-accent focus:ring-2 focus:ring-accent/30"
      />
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
            <tr>
              <th className="px-4 py-2.5 font-medium">Names</th>
              <th className="px-4 py-2.5 font-medium">Status</th>
              <th className="px-4 py-2.5 font-medium">Entrypoints</th>
              <th className="px-4 py-2.5 font-medium">Locations</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((host) => {
              const status = statusOf(host, engineRunning);
              return (
                <tr key={host.id} className="border-b border-border last:border-0">
                  <td className="px-4 py-3">
                    <div className="font-medium">{host.names[0]}</div>
                    {host.names.length > 1 ? <div className="text-xs text-muted">{host.names.slice(1).join(', ')}</div> : null}
                  </td>
                  <td className="px-4 py-3" title={status.reason}>
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {host.errors.length > 0 ? <p className="mt-1 max-w-sm text-xs text-danger">{host.errors[0]}</p> : null}
                  </td>
                  <td className="px-4 py-3">
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
                  <td className="px-4 py-3 tabular-nums">{host.locations}</td>
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
