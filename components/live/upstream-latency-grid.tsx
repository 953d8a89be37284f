'use client';
// Small multiples: one latency chart per upstream server, so a slow server stands out
// next to its peers instead of hiding in a tangle of lines.
import { LatencyChart, latencyConfig } from './traffic-charts.tsx';
import type { LatencyRow } from './series.ts';

export function UpstreamLatencyGrid({ servers }: { servers: Map<string, LatencyRow[]> }) {
  if (servers.size === 0) return <p className="text-sm text-muted">No upstream server answered a request in this window. Servers appear here as soon as traffic reaches them.</p>;
  return (
    <div className="space-y-3">
      <ul className="grid gap-x-6 gap-y-5 md:grid-cols-2">
        {[...servers].map(([address, rows]) => (
          <li key={address} className="min-w-0">
            <h3 className="mb-1 truncate font-mono text-xs font-medium" title={address}>
              {address}
            </h3>
            <LatencyChart rows={rows} range="live" stepSeconds={1} label={`Latency of ${address}`} className="h-40" legend={false} />
          </li>
        ))}
      </ul>
      {/* One legend for all the small charts. */}
      <p className="flex items-center justify-center gap-4 text-xs text-muted" aria-hidden>
        {Object.entries(latencyConfig).map(([key, c]) => (
          <span key={key} className="flex items-center gap-1.5">
            <span className="h-0.5 w-4" style={{ background: c.color }} />
            {c.label}
          </span>
        ))}
      </p>
    </div>
  );
}
