'use client';
// Cache zones and limit zones: the named stores location policies refer to. Create,
// edit, delete (a zone in use cannot be deleted, and the page says where it is used).
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { CacheZoneInput, LimitZoneInput, type CacheZoneConfig, type LimitZoneConfig } from '@/core/config/zones.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { ConfirmDialog } from '@/components/ui/confirm-dialog.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { describeSize, formatDuration } from '@/components/forms/units.ts';
import { api } from '@/components/hooks/api-client.ts';
import { useApplyStatus, type ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { CacheZoneFields, LimitZoneFields } from './zone-editors.tsx';
import { ZoneFormDialog } from './zone-form-dialog.tsx';
import { noun, plural } from '@/components/ui/plural.ts';

type Editing = { kind: 'cache'; zone: CacheZoneConfig | null } | { kind: 'limit'; zone: LimitZoneConfig | null };
type Deleting = { kind: 'cache' | 'limit'; id: string; name: string };

const SOURCE_WORDS: Record<string, string> = { client_ip: 'client address', uri: 'URI', host: 'Host', server_name: 'server name', header: 'header', cookie: 'cookie', request_uri: 'URI as sent', args: 'query', is_args: '"?"', arg: 'argument', variable: 'map variable' };

function keyText(zone: LimitZoneConfig): string {
  return zone.key.parts.map((p) => `${SOURCE_WORDS[p.source] ?? p.source}${p.name ? ` ${p.name}` : ''}`).join(' + ');
}

/** The name, and on a phone (where the detail columns are hidden) the essentials under it. */
function ZoneName({ name, phone }: { name: string; phone: string }) {
  return (
    <>
      <span className="font-mono font-medium">{name}</span>
      <span className="block text-xs text-muted md:hidden">{phone}</span>
    </>
  );
}

function ZoneTable({ head, rows, empty }: { head: string[]; rows: { key: string; cells: ReactNode[]; actions: ReactNode }[]; empty: string }) {
  if (rows.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full text-sm">
        <thead className="text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`px-3 py-2 font-medium first:pl-4 sm:first:pl-5 ${i > 1 ? 'hidden md:table-cell' : ''}`}>
                {h}
              </th>
            ))}
            <th scope="col" className="px-4 py-2 sm:pr-5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-border align-top">
              {r.cells.map((c, i) => (
                <td key={i} className={`px-3 py-2 first:pl-4 sm:first:pl-5 ${i > 1 ? 'hidden md:table-cell' : ''}`}>
                  {c}
                </td>
              ))}
              <td className="px-4 py-1.5 text-right whitespace-nowrap sm:pr-5">{r.actions}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ZonesClient({ cacheZones, limitZones, usage, canWrite }: { cacheZones: CacheZoneConfig[]; limitZones: LimitZoneConfig[]; usage: Record<string, number>; canWrite: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const [report, setReport] = useState<ApplyReport | null>(null);
  const shown = useApplyStatus(report, []);
  const saved = (apply: ApplyReport) => {
    setEditing(null);
    setReport(apply);
    router.refresh();
  };
  const used = (name: string) => usage[name] ?? 0;
  const usedBadge = (name: string) => (used(name) ? <Badge tone="accent">{plural(used(name), 'policy')}</Badge> : <span className="text-muted">unused</span>);
  const actions = (kind: 'cache' | 'limit', zone: CacheZoneConfig | LimitZoneConfig) =>
    canWrite ? (
      <span className="inline-flex gap-1">
        <Button variant="ghost" size="sm" onClick={() => setEditing(kind === 'cache' ? { kind, zone: zone as CacheZoneConfig } : { kind, zone: zone as LimitZoneConfig })} aria-label={`Edit ${zone.name}`}>
          Edit
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setDeleting({ kind, id: zone.id, name: zone.name })} aria-label={`Delete ${zone.name}`}>
          Delete
        </Button>
      </span>
    ) : null;

  return (
    <div className="space-y-6">
      {shown ? <ApplyReportView report={shown} what="zone change" /> : null}
      <SectionCard
        id="cache-zones"
        title="Cache zones"
        description="Response caches (proxy_cache_path), named by Cache policies."
        actions={
          canWrite ? (
            <Button size="sm" onClick={() => setEditing({ kind: 'cache', zone: null })}>
              <PlusIcon size={14} />
              New cache zone
            </Button>
          ) : null
        }
      >
        <ZoneTable
          head={['Name', 'Used by', 'Disk size', 'Drop unused after', 'Keys']}
          empty="No cache zones. Create one, then turn on the Cache policy of a host or location and name it."
          rows={cacheZones.map((z) => ({ key: z.id, cells: [<ZoneName key="n" name={z.name} phone={`${describeSize(z.maxSizeBytes)} · drop unused after ${formatDuration(z.inactiveMs)}`} />, usedBadge(z.name), describeSize(z.maxSizeBytes), formatDuration(z.inactiveMs), z.maxEntries.toLocaleString()], actions: actions('cache', z) }))}
        />
      </SectionCard>
      <SectionCard
        id="limit-zones"
        title="Limit zones"
        description="Request rates (limit_req_zone) and concurrent requests (limit_conn_zone), counted per key."
        actions={
          canWrite ? (
            <Button size="sm" onClick={() => setEditing({ kind: 'limit', zone: null })}>
              <PlusIcon size={14} />
              New limit zone
            </Button>
          ) : null
        }
      >
        <ZoneTable
          head={['Name', 'Used by', 'Limits', 'Counted by', 'Keys']}
          empty="No limit zones. Create one, then add a rate or connection limit to a host or location that names it."
          rows={limitZones.map((z) => ({
            key: z.id,
            cells: [<ZoneName key="n" name={z.name} phone={`${z.kind === 'REQUEST' && z.rate ? `${z.rate.count}/${z.rate.per}` : 'concurrent'} · ${keyText(z)}`} />, usedBadge(z.name), z.kind === 'REQUEST' && z.rate ? `${z.rate.count} requests/${z.rate.per}` : 'concurrent requests', keyText(z), z.maxEntries.toLocaleString()],
            actions: actions('limit', z),
          }))}
        />
      </SectionCard>
      {editing?.kind === 'cache' ? (
        <ZoneFormDialog
          id="cache-zone"
          title={editing.zone ? `Edit cache zone ${editing.zone.name}` : 'New cache zone'}
          description={editing.zone && used(editing.zone.name) ? 'It is in use: its name cannot change.' : 'Sizes as in nginx: 512m, 10g; durations: 10m, 1d.'}
          initial={editing.zone ? { name: editing.zone.name, maxSizeBytes: editing.zone.maxSizeBytes, inactiveMs: editing.zone.inactiveMs, maxEntries: editing.zone.maxEntries } : CacheZoneInput.parse({ name: 'cache' })}
          schema={CacheZoneInput}
          endpoint={editing.zone ? { method: 'PUT', path: `/api/v1/cache-zones/${editing.zone.id}` } : { method: 'POST', path: '/api/v1/cache-zones' }}
          onClose={() => setEditing(null)}
          onSaved={saved}
        >
          <CacheZoneFields />
        </ZoneFormDialog>
      ) : editing?.kind === 'limit' ? (
        <ZoneFormDialog
          id="limit-zone"
          title={editing.zone ? `Edit limit zone ${editing.zone.name}` : 'New limit zone'}
          description={editing.zone && used(editing.zone.name) ? 'It is in use: its name cannot change.' : 'Like limit_req_zone $binary_remote_addr zone=per_ip rate=10r/s.'}
          initial={editing.zone ? { name: editing.zone.name, kind: editing.zone.kind, key: editing.zone.key, ...(editing.zone.rate ? { rate: editing.zone.rate } : {}), maxEntries: editing.zone.maxEntries } : LimitZoneInput.parse({ name: 'per_ip', kind: 'REQUEST', rate: { count: 10, per: 'second' } })}
          schema={LimitZoneInput}
          endpoint={editing.zone ? { method: 'PUT', path: `/api/v1/limit-zones/${editing.zone.id}` } : { method: 'POST', path: '/api/v1/limit-zones' }}
          onClose={() => setEditing(null)}
          onSaved={saved}
        >
          <LimitZoneFields />
        </ZoneFormDialog>
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          const res = await api<{ apply: ApplyReport }>('DELETE', `/api/v1/${deleting.kind}-zones/${deleting.id}`);
          setDeleting(null);
          setReport(res.apply);
          router.refresh();
        }}
        title={`Delete ${deleting?.name ?? 'the zone'}?`}
        description={deleting && used(deleting.name) ? `It is used by ${plural(used(deleting.name), 'policy')}: remove ${noun(used(deleting.name), 'it')} from the hosts and locations first.` : 'No policy uses it. Its cached entries or counters are dropped.'}
        confirmLabel="Delete zone"
        busyLabel="Deleting…"
      />
    </div>
  );
}
