import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { errorsAbout } from '@/core/contract/object-errors.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { LinkButton } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { PlusIcon, ServerIcon } from '@/components/ui/icons.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { DeletedNotice } from '@/components/forms/deleted-notice.tsx';
import { formatDuration } from '@/components/forms/units.ts';
import { algorithmLabel } from '@/components/pools/pool-form-model.ts';
import { plural } from '@/components/ui/plural.ts';

export const metadata: Metadata = { title: 'Pools' };

export default async function PoolsPage() {
  const db = await getDb();
  const [user, pools, status] = await Promise.all([requirePageUser(), listPools(db), engine().status()]);
  const canWrite = allows(user.scope, 'write');
  const newButton = canWrite ? (
    <LinkButton href="/pools/new">
      <PlusIcon size={16} />
      New pool
    </LinkButton>
  ) : null;
  return (
    <div className="space-y-6">
      <PageHeader title="Pools" description="Groups of upstream servers that locations balance requests across." actions={pools.length > 0 ? newButton : null} />
      <DeletedNotice flashKey="pools" />
      {pools.length === 0 ? (
        <EmptyState icon={<ServerIcon size={20} />} title="No pools yet" action={newButton}>
          A pool lists the upstream servers behind a site (such as <code className="font-mono">10.0.0.1:8080</code> and <code className="font-mono">10.0.0.2:8080</code>), with weights,
          backups and health checks. Create one, then point a host&apos;s location at it.
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Pool
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Servers
                </th>
                <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">
                  Balancing
                </th>
                <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">
                  Used by
                </th>
              </tr>
            </thead>
            <tbody>
              {pools.map((pool) => {
                const errors = errorsAbout(status?.errors ?? [], [pool.id]);
                const backups = pool.servers.filter((s) => s.backup).length;
                const down = pool.servers.filter((s) => s.down).length;
                return (
                  <tr key={pool.id} className="relative border-b border-border transition-colors last:border-0 hover:bg-border/20">
                    <td className="px-4 py-3">
                      <Link href={`/pools/${pool.id}`} className="font-mono font-medium after:absolute after:inset-0 hover:text-accent focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-accent">
                        {pool.name}
                      </Link>
                      {errors.length > 0 ? <p className="mt-1 max-w-sm text-xs text-danger">{errors[0]!.message}</p> : null}
                    </td>
                    <td className="px-4 py-3">
                      <div className="max-w-xs truncate font-mono text-xs">{pool.servers.map((s) => s.address).join(', ')}</div>
                      <div className="mt-1 flex flex-wrap gap-1">
                        <Badge>{plural(pool.servers.length, 'server')}</Badge>
                        {backups ? <Badge tone="warning">{backups} backup</Badge> : null}
                        {down ? <Badge tone="danger">{down} down</Badge> : null}
                        {pool.healthCheck ? <Badge tone="accent">health check every {formatDuration(pool.healthCheck.intervalMs)}</Badge> : null}
                      </div>
                    </td>
                    <td className="hidden px-4 py-3 md:table-cell">{algorithmLabel(pool.algorithm)}</td>
                    <td className="hidden px-4 py-3 text-muted tabular-nums sm:table-cell">{plural(pool.usedBy ?? 0, 'location')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
