import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { engineStatus } from '@/app/_lib/engine-client.ts';
import { listHosts } from '@/app/_lib/queries/host.ts';
import { HostsTable, type HostRowView } from '@/components/hosts/hosts-table.tsx';

export const metadata: Metadata = { title: 'Hosts' };

export default async function HostsPage() {
  const db = await getDb();
  const [hosts, status] = await Promise.all([listHosts(db), engineStatus()]);
  const rows: HostRowView[] = hosts.map((h) => {
    const ids = new Set([h.id, ...h.locations.map((l) => l.id)]);
    const errors = (status?.errors ?? []).filter((e) => ids.has(e.objectId));
    return {
      id: h.id,
      names: h.serverNames,
      entrypoints: h.entrypoints ?? ['http'],
      enabled: h.enabled ?? true,
      defaultServer: h.defaultServer ?? false,
      locations: h.locations.length,
      forceHttps: h.tls?.forceHttps ?? false,
      errors: errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`),
    };
  });
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Hosts</h1>
        <p className="mt-1 text-sm text-muted">Virtual hosts: the names Portico answers to and what it does with their requests.</p>
      </header>
      <HostsTable hosts={rows} engineRunning={status !== null} />
    </div>
  );
}
