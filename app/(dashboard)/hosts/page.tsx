import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { engine, engineOnThisInstance } from '@/app/_lib/engine-client.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listHosts } from '@/core/db/host.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { LinkButton } from '@/components/ui/button.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { GlobeIcon, PlusIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { DeletedNotice } from '@/components/forms/deleted-notice.tsx';
import { describeAction } from '@/components/hosts/host-form-model.ts';
import { HostsListClient, type HostRowView } from '@/components/hosts/hosts-list-client.tsx';
import { plural } from '@/components/ui/plural.ts';

export const metadata: Metadata = { title: 'Hosts' };

export default async function HostsPage() {
  const db = await getDb();
  const [user, hosts, pools, status] = await Promise.all([requirePageUser(), listHosts(db), listPools(db), engine().status()]);
  const canWrite = allows(user.scope, 'write');
  const poolOptions = pools.map((p) => ({ id: p.id, name: p.name, servers: p.servers.length }));
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
      target: h.locations.length === 0 ? 'no locations' : `${describeAction(h.locations[0]!.action, poolOptions)}${h.locations.length > 1 ? ` · ${plural(h.locations.length - 1, 'more location')}` : ''}`,
      errors: errors.map((e) => `${e.path ? `${e.path}: ` : ''}${e.message}`),
    };
  });
  const newButton = canWrite ? (
    <LinkButton href="/hosts/new">
      <PlusIcon size={16} />
      New host
    </LinkButton>
  ) : null;
  return (
    <div className="space-y-6">
      <PageHeader title="Hosts" description="Virtual hosts: the names Portico answers to, and what it does with their requests." actions={hosts.length > 0 ? newButton : null} />
      <DeletedNotice flashKey="hosts" />
      {hosts.length === 0 ? (
        <EmptyState icon={<GlobeIcon size={20} />} title="No hosts yet" action={newButton}>
          A host maps names such as <code className="font-mono">app.example.com</code> to upstream servers, files or redirects.
          {pools.length === 0 ? ' It can send traffic to a single address, or to a pool of servers you create first.' : ` You have ${plural(pools.length, 'pool')} ready to send traffic to.`}
        </EmptyState>
      ) : (
        <HostsListClient hosts={rows} engineRunning={status !== null || (engineOnThisInstance() ? false : 'elsewhere')} />
      )}
    </div>
  );
}
