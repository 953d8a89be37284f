// The overview's engine workers (PORTICO_WORKERS): each one's revision, open connections,
// requests and restarts, so a worker that lags behind or keeps restarting is seen.
import type { EngineWorkerStatus } from '@/core/contract/engine-client.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { plural } from '@/components/ui/plural.ts';

export function WorkersCard({ workers, appliedRevision }: { workers: EngineWorkerStatus[] | null; appliedRevision: number | null }) {
  const single = workers !== null && workers.length === 1 && workers[0]!.threadId === null;
  return (
    <SectionCard id="workers" title="Engine workers" description={single ? 'One worker: the engine serves from its main thread (PORTICO_WORKERS=1).' : 'Data-plane threads sharing the HTTP and HTTPS ports; the kernel spreads connections over them.'}>
      {workers === null ? (
        <p className="text-sm text-muted">The engine is not running, so it cannot report its workers.</p>
      ) : (
        <ul className="divide-y divide-border text-sm">
          {workers.map((w) => {
            const behind = appliedRevision !== null && w.appliedRevision < appliedRevision;
            return (
              <li key={w.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 first:pt-0 last:pb-0">
                <span className="flex min-w-0 items-center gap-2">
                  <span className="font-medium">Worker {w.id}</span>
                  {w.error ? <Badge tone="danger">{behind ? 'Behind' : 'Error'}</Badge> : <Badge tone="success">rev {w.appliedRevision}</Badge>}
                  {w.restarts > 0 ? <Badge tone="warning">{plural(w.restarts, 'restart')}</Badge> : null}
                </span>
                <span className="min-w-0 text-xs text-muted">
                  {plural(w.connections, 'connection')} · {plural(w.requests, 'request')}
                </span>
                {w.error ? <span className="w-full min-w-0 break-words text-xs text-danger">{w.error}</span> : null}
              </li>
            );
          })}
        </ul>
      )}
    </SectionCard>
  );
}
