'use client';
// The DNS providers of DNS-01 orders, on the Certificates page: what each writes to, how
// many certificates use it (those keep it from being deleted: their renewals need it).
import { useState } from 'react';
import type { DnsProviderView } from '@/core/db/dns-provider.ts';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { plural } from '@/components/ui/plural.ts';
import { api } from '@/components/hooks/api-client.ts';
import { DnsProviderDialog } from './dns-provider-dialog.tsx';
import { KIND_LABELS, providerSummary } from './dns-provider-fields.ts';

export function DnsProvidersSection({ providers, canAdmin, onChange }: { providers: DnsProviderView[]; canAdmin: boolean; onChange(providers: DnsProviderView[]): void }) {
  const [editing, setEditing] = useState<DnsProviderView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<DnsProviderView | null>(null);
  return (
    <SectionCard
      id="dns-providers"
      title="DNS providers"
      description="For DNS-01 orders: wildcard certificates, and machines the CA cannot reach on port 80. Portico writes the TXT record, waits until every authoritative server answers it, then removes it."
      actions={
        canAdmin ? (
          <Button variant="secondary" size="sm" onClick={() => setEditing('new')}>
            <PlusIcon size={14} />
            Add provider
          </Button>
        ) : null
      }
    >
      {providers.length === 0 ? (
        <p className="text-sm text-muted">None yet. {canAdmin ? 'Add one to order wildcard certificates.' : 'An administrator can add one.'}</p>
      ) : (
        <ul className="divide-y divide-border" aria-label="DNS providers">
          {providers.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5">
              <div className="min-w-0">
                <p className="font-medium">
                  {p.name} <span className="text-xs font-normal text-muted">· {KIND_LABELS[p.kind]}</span>
                </p>
                <p className="truncate font-mono text-xs text-muted">{providerSummary(p.kind, p.settings)}</p>
                <p className="text-xs text-muted">{p.certificates === 0 ? 'No certificate uses it' : `${plural(p.certificates, 'certificate')} validated through it`}</p>
              </div>
              {canAdmin ? (
                <div className="flex gap-2">
                  <Button variant="secondary" size="sm" onClick={() => setEditing(p)}>
                    Edit
                  </Button>
                  <Button variant="danger-outline" size="sm" onClick={() => setDeleting(p)} disabled={p.certificates > 0} title={p.certificates > 0 ? 'Certificates validate through it: their renewals need it' : undefined}>
                    Delete
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <DnsProviderDialog
        open={editing !== null}
        provider={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          setEditing(null);
          onChange(providers.some((p) => p.id === saved.id) ? providers.map((p) => (p.id === saved.id ? saved : p)) : [...providers, saved]);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api('DELETE', `/api/v1/dns-providers/${deleting.id}`);
          onChange(providers.filter((p) => p.id !== deleting.id));
          setDeleting(null);
        }}
        title={`Delete the DNS provider ${deleting?.name ?? ''}?`}
        description="Its stored credentials are deleted with it. The deletion is recorded in the audit log."
        confirmLabel="Delete provider"
        busyLabel="Deleting…"
      />
    </SectionCard>
  );
}
