'use client';
// Live state of the pool's servers, from the engine (GET /api/v1/pools/{id}/health):
// health, requests in flight, failures and latency, refreshed while the tab is visible.
import { useEffect, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';

interface ServerHealth {
  address: string;
  status: 'healthy' | 'unhealthy' | 'failed' | 'down' | 'unknown';
  inFlight: number;
  requests: number;
  failures: number;
  lastLatencyMs: number | null;
  lastCheck: { at: string; status: number | null; error: string | null; latencyMs: number | null } | null;
}

const STATUS: Record<ServerHealth['status'], { tone: BadgeTone; label: string; title: string }> = {
  healthy: { tone: 'success', label: 'Healthy', title: 'Passing its active health check' },
  unknown: { tone: 'success', label: 'Up', title: 'No recent failures (no active health check result)' },
  failed: { tone: 'warning', label: 'Failing', title: 'Reached max fails within the fail timeout; skipped until it passes' },
  unhealthy: { tone: 'danger', label: 'Unhealthy', title: 'Failing its active health check' },
  down: { tone: 'neutral', label: 'Marked down', title: 'Marked down in the configuration' },
};

const POLL_MS = 2000;
/** After a failure (engine down, pool not applied), ask less often. */
const RETRY_MS = 10_000;

export function PoolHealthClient({ poolId }: { poolId: string }) {
  const [servers, setServers] = useState<ServerHealth[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      let delay = POLL_MS;
      if (document.visibilityState === 'visible') {
        try {
          const res = await api<{ servers: ServerHealth[] }>('GET', `/api/v1/pools/${poolId}/health`);
          if (stopped) return;
          setServers(res.servers);
          setProblem(null);
        } catch (e) {
          if (stopped) return;
          setProblem(failureMessage(e));
          delay = RETRY_MS;
        }
      }
      if (!stopped) timer = setTimeout(poll, delay);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poolId]);

  return (
    <SectionCard id="live" title="Live status" description="What the engine sees right now, refreshed every two seconds.">
      {problem ? (
        <p className="text-sm text-muted">{problem.charAt(0).toUpperCase() + problem.slice(1)}.</p>
      ) : servers === null ? (
        <p className="text-sm text-muted" role="status">
          Asking the engine…
        </p>
      ) : (
        <div className="-mx-4 overflow-x-auto sm:-mx-5">
          <table className="w-full text-sm">
            <thead className="text-left text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium sm:pl-5">Server</th>
                <th scope="col" className="px-3 py-2 font-medium">State</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">In flight</th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">Requests</th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">Failures</th>
                <th scope="col" className="hidden px-3 py-2 text-right font-medium md:table-cell">Latency</th>
                <th scope="col" className="hidden px-4 py-2 font-medium md:table-cell sm:pr-5">Last check</th>
              </tr>
            </thead>
            <tbody>
              {servers.map((s) => {
                const status = STATUS[s.status] ?? STATUS.unknown;
                return (
                  <tr key={s.address} className="border-t border-border">
                    <td className="px-4 py-2 font-mono text-xs sm:pl-5">{s.address}</td>
                    <td className="px-3 py-2" title={status.title}>
                      <Badge tone={status.tone} dot>
                        {status.label}
                      </Badge>
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{s.inFlight}</td>
                    <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{s.requests}</td>
                    <td className={`hidden px-3 py-2 text-right tabular-nums sm:table-cell ${s.failures ? 'text-danger' : ''}`}>{s.failures}</td>
                    <td className="hidden px-3 py-2 text-right tabular-nums md:table-cell">{s.lastLatencyMs == null ? '—' : `${Math.round(s.lastLatencyMs)} ms`}</td>
                    <td className="hidden px-4 py-2 text-xs text-muted md:table-cell sm:pr-5">
                      {s.lastCheck ? (
                        <>
                          <RelativeTime iso={s.lastCheck.at} /> · {s.lastCheck.error ?? s.lastCheck.status}
                        </>
                      ) : (
                        'no active check'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </SectionCard>
  );
}
