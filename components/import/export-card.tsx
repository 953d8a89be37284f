'use client';
// Downloads: the configuration as nginx text (all hosts or one) and as a JSON backup.
import Link from 'next/link';
import { useState } from 'react';
import { buttonClass } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { DownloadIcon } from '@/components/ui/icons.tsx';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { HostFilter } from '@/components/hosts/host-filter.tsx';

export function ExportCard({ hosts, isAdmin }: { hosts: { id: string; name: string }[]; isAdmin: boolean }) {
  const [host, setHost] = useState('');
  const [mode, setMode] = useState<'http' | 'full'>('http');
  const nginxHref = `/api/v1/export/nginx?${new URLSearchParams({ ...(host ? { host } : {}), mode })}`;
  return (
    <div className="grid items-start gap-6 lg:grid-cols-2">
      <SectionCard id="export-nginx" title="Export as nginx configuration" description="The hosts, pools and zones as nginx directives, to run nginx from the same configuration or to read it.">
        <div className="space-y-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <HostFilter id="export-host" label="Hosts" value={host} onChange={setHost} hosts={hosts.map((h) => ({ value: h.id, label: h.name }))} />
            <FieldShell id="export-mode" label="Form">
              {(c) => (
                <Select {...c} value={mode} onChange={(e) => setMode(e.target.value as 'http' | 'full')}>
                  <option value="http">The http block’s contents</option>
                  <option value="full">A whole nginx.conf</option>
                </Select>
              )}
            </FieldShell>
          </div>
          <a href={nginxHref} download className={buttonClass('secondary')}>
            <DownloadIcon size={16} />
            Download nginx configuration
          </a>
        </div>
      </SectionCard>
      <SectionCard id="export-json" title="JSON backup" description="The whole configuration as one versioned document, ids included: restore it here, or keep it with your other backups. It holds no secrets.">
        <div className="space-y-3">
          <a href="/api/v1/export/json" download="portico-config.json" className={buttonClass('secondary')}>
            <DownloadIcon size={16} />
            Download JSON backup
          </a>
          <p className="text-xs text-muted">
            Users, tokens and certificates are in the database backups{isAdmin ? (
              <>
                {' '}
                under{' '}
                <Link href="/settings/backups" className="text-accent hover:underline">
                  Settings › Backups
                </Link>
              </>
            ) : null}
            .
          </p>
        </div>
      </SectionCard>
    </div>
  );
}
