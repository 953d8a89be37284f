// Which upstream server would take the request: every server of the pool with whether
// it can take requests now, the one picked (for deterministic algorithms), and why.
import { Badge } from '@/components/ui/badge.tsx';
import type { TraceResult } from '../../core/contract/trace.ts';

type Selection = Extract<NonNullable<TraceResult['action']>, { kind: 'proxy' }>['selection'];

export function ServerSelection({ selection }: { selection: Selection }) {
  return (
    <div className="space-y-3">
      <p>
        Pool <span className="font-mono text-[13px] font-medium">{selection.pool}</span>, {selection.algorithm.toLowerCase().replace('_', ' ')}:{' '}
        <span className="text-muted">{selection.why}.</span>
      </p>
      <div className="-mx-4 overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Servers of the pool and whether each can take this request</caption>
          <thead className="text-left text-xs tracking-wide text-muted uppercase">
            <tr>
              <th scope="col" className="px-4 py-1.5 font-medium">Server</th>
              <th scope="col" className="px-3 py-1.5 font-medium">State</th>
              <th scope="col" className="px-4 py-1.5 text-right font-medium">In flight</th>
            </tr>
          </thead>
          <tbody>
            {selection.servers.map((s) => (
              <tr key={s.address} className={`border-t border-border ${selection.picked === s.address ? 'bg-accent/10' : ''}`}>
                <td className="px-4 py-1.5 font-mono text-xs">
                  {s.address}
                  {selection.picked === s.address ? (
                    <span className="ml-2">
                      <Badge tone="accent">picked</Badge>
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-1.5">
                  <span className="flex flex-wrap gap-1">
                    {s.down ? <Badge>marked down</Badge> : s.available ? <Badge tone="success">available</Badge> : <Badge tone="danger">unavailable ({s.health})</Badge>}
                    {s.backup ? <Badge tone="warning">backup</Badge> : null}
                  </span>
                </td>
                <td className="px-4 py-1.5 text-right tabular-nums">{s.inFlight}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
