// The overview's upstream health: servers the engine skips right now, each linking to its pool.
import Link from 'next/link';
import { Badge } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { CheckIcon } from '@/components/ui/icons.tsx';
import { plural } from '@/components/ui/plural.ts';

export interface SickServerView {
  poolId: string;
  pool: string;
  address: string;
  status: 'unhealthy' | 'failed';
  detail: string | null;
}

export function UnhealthyServersCard({ servers, total }: { servers: SickServerView[] | null; total: number }) {
  return (
    <SectionCard id="unhealthy" title="Unhealthy servers" description="Upstream servers the engine is skipping: failing their health check, or past max_fails.">
      {servers === null ? (
        <p className="text-sm text-muted">The engine is not running, so it cannot report server health.</p>
      ) : servers.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-muted">
          <CheckIcon className="text-success" /> {total === 0 ? 'No upstream servers yet.' : `None: ${total === 1 ? 'the one server takes' : `all ${plural(total, 'server')} take`} requests.`}
        </p>
      ) : (
        <ul className="space-y-2 text-sm">
          {servers.map((s) => (
            <li key={`${s.poolId}-${s.address}`} className="flex flex-wrap items-baseline gap-x-2">
              <Badge tone={s.status === 'unhealthy' ? 'danger' : 'warning'}>{s.status === 'unhealthy' ? 'Unhealthy' : 'Failing'}</Badge>
              <span className="font-mono text-xs">{s.address}</span>
              <span className="text-muted">
                in{' '}
                <Link href={`/pools/${s.poolId}`} className="text-accent hover:underline">
                  {s.pool}
                </Link>
                {s.detail ? ` · ${s.detail}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
