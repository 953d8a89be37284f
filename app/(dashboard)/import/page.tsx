import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listHosts } from '@/core/db/host.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { ImportClient, type ImportTab } from '@/components/import/import-client.tsx';

export const metadata: Metadata = { title: 'Import & export' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ImportPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const [params, hosts] = await Promise.all([searchParams, listHosts(await getDb())]);
  const tab: ImportTab = params.tab === 'restore' || params.tab === 'export' ? params.tab : 'nginx';
  return (
    <div className="space-y-6">
      <PageHeader title="Import & export" description="Start from an existing nginx configuration, restore a backup, or take the configuration with you." />
      <ImportClient tab={tab} canWrite={allows(user.scope, 'write')} isAdmin={allows(user.scope, 'admin')} hosts={hosts.map((h) => ({ id: h.id, name: h.serverNames[0] ?? h.id }))} />
    </div>
  );
}
