import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';

export const metadata: Metadata = { title: 'Pools' };

export default async function PoolsPage() {
  const pools = await listPools(await getDb());
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Pools</h1>
        <p className="mt-1 text-sm text-muted">Groups of upstream servers that locations balance requests across.</p>
      </header>
      {pools.length === 0 ? (
        <Card className="p-8 text-center">
          <h2 className="font-medium">No pools yet</h2>
          <p className="mx-auto mt-1 max-w-md text-sm text-muted">
            A pool lists upstream servers with weights and health settings. Create one with <code className="font-mono">POST /api/v1/pools</code>.
          </p>
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {pools.map((pool) => (
            <Card key={pool.id} className="p-4">
              <div className="flex items-center justify-between">
                <h2 className="font-medium">{pool.name}</h2>
                <Badge>{pool.algorithm.replace('_', ' ').toLowerCase()}</Badge>
              </div>
              <ul className="mt-3 divide-y divide-border text-sm">
                {pool.servers.map((s) => (
                  <li key={s.address} className="flex items-center justify-between py-1.5">
                    <span className="font-mono text-xs">{s.address}</span>
                    <span className="flex gap-1">
                      {s.weight !== 1 ? <Badge>weight {s.weight}</Badge> : null}
                      {s.backup ? <Badge tone="warning">backup</Badge> : null}
                      {s.down ? <Badge tone="danger">down</Badge> : null}
                    </span>
                  </li>
                ))}
              </ul>
              <p className="mt-2 text-xs text-muted">Used by {pool.usedBy ?? 0} location(s)</p>
            </Card>
          ))}
        </div>
      )}
    </div>
  );
}
