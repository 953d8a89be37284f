import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { listHosts } from '@/core/db/host.ts';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { primaryServerName } from '@/core/config/primary-name.ts';
import { LogsClient } from '@/components/logs/logs-client.tsx';
import { EMPTY_FILTERS, type LogFilters } from '@/components/logs/filters.ts';

export const metadata: Metadata = { title: 'Logs' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LogsPage({ searchParams }: Props) {
  await requirePageUser();
  const [params, hosts] = await Promise.all([searchParams, listHosts(await getDb())]);
  const one = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : '');
  // Times in the URL are instants; the form's datetime-local fields take them on the client.
  const initial: LogFilters = {
    ...EMPTY_FILTERS,
    source: one('source') === 'error' ? 'error' : 'access',
    host: one('host'),
    status: one('status'),
    path: one('path'),
    requestId: one('requestId'),
    limit: ['500', '1000'].includes(one('limit')) ? one('limit') : '100',
  };
  return (
    <div className="space-y-6">
      <PageHeader title="Logs" description="Every request the proxy answered (the access log) and every upstream failure (the error log), searchable, or live as it happens." />
      <LogsClient hosts={hosts.map((h) => primaryServerName(h.serverNames))} initial={initial} startLive={one('view') === 'tail'} />
    </div>
  );
}
