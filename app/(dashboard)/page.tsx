import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/app/_lib/db.ts';
import { engineStatus } from '@/app/_lib/engine-client.ts';
import { readRevision } from '@/proxy-engine/provider/load-config.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const db = await getDb();
  const [hosts, pools, revision, status] = await Promise.all([db.host.count(), db.pool.count(), readRevision(db), engineStatus()]);
  const inSync = status !== null && status.appliedRevision >= revision;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
      </header>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card className="p-4">
          <p className="text-sm text-muted">Engine</p>
          <div className="mt-2 flex items-center gap-2">
            <Badge tone={status === null ? 'danger' : inSync ? 'success' : 'warning'}>{status === null ? 'Not running' : inSync ? 'In sync' : 'Applying'}</Badge>
          </div>
          <p className="mt-2 text-xs text-muted">
            Applied revision {status?.appliedRevision ?? '—'} of {revision}
            {status?.lastApplyMs != null ? ` · last apply ${Math.round(status.lastApplyMs)} ms` : ''}
          </p>
        </Card>
        <Link href="/hosts">
          <Card className="p-4 hover:border-accent">
            <p className="text-sm text-muted">Hosts</p>
            <p className="mt-1 text-3xl font-semibold tabular-nums">{hosts}</p>
          </Card>
        </Link>
        <Link href="/pools">
          <Card className="p-4 hover:border-accent">
            <p className="text-sm text-muted">Pools</p>
            <p className="mt-1 text-3xl font-semibold tabular-nums">{pools}</p>
          </Card>
        </Link>
      </div>
      <Card className="p-4">
        <h2 className="font-medium">Configuration errors</h2>
        {status === null ? (
          <p className="mt-2 text-sm text-muted">The engine is not running, so it cannot report errors. Start Portico with <code className="font-mono">npm start</code>.</p>
        ) : status.errors.length === 0 ? (
          <p className="mt-2 text-sm text-muted">None: every host, location and pool compiled.</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {status.errors.map((e, i) => (
              <li key={i}>
                <Badge tone="danger">{e.objectType}</Badge> <span className="font-medium">{e.name}</span>
                {e.path ? <span className="text-muted"> · {e.path}</span> : null}: {e.message}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
