'use client';
// The streams list with what each stream is doing now: listening or why not, connections
// (UDP: sessions) open and bytes each way, refreshed every two seconds from the engine.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { StreamStatus } from '@/core/contract/streams.ts';
import type { StreamView } from '@/core/views/stream.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';
import { api } from '@/components/hooks/api-client.ts';
import { formatBytes } from './stream-form-model.ts';
import { plural } from '@/components/ui/plural.ts';

const REFRESH_MS = 2000;

function listenLabel(stream: StreamView): string {
  if (stream.entrypoint) return `HTTPS entrypoint (${stream.sni.flatMap((r) => r.serverNames).join(', ')})`;
  return `${stream.protocol.toUpperCase()} ${stream.listenPort}`;
}

function targetLabel(stream: StreamView): string {
  const routes = stream.sni.length > 0 ? ` + ${plural(stream.sni.length, 'SNI route')}` : '';
  return `${stream.poolName ? `pool ${stream.poolName}` : (stream.address ?? 'no default')}${routes}`;
}

export function StreamsTableClient({ streams, errors }: { streams: StreamView[]; errors: Record<string, string> }) {
  const [live, setLive] = useState<Map<string, StreamStatus> | null>(null);
  const [running, setRunning] = useState(true);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const answer = await api<{ running: boolean; streams: StreamStatus[] }>('GET', '/api/v1/streams/live');
        if (stopped) return;
        setRunning(answer.running);
        setLive(new Map(answer.streams.map((s) => [s.id, s])));
      } catch {
        if (!stopped) setRunning(false);
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Streams, with live connections and bytes (refreshed every 2 seconds)</caption>
        <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Stream</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Listens on</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium md:table-cell">Sends to</th>
            <th scope="col" className="px-4 py-2.5 text-right font-medium">Open now</th>
            <th scope="col" className="hidden px-4 py-2.5 text-right font-medium sm:table-cell">In / out since start</th>
          </tr>
        </thead>
        <tbody>
          {streams.map((stream) => {
            const state = live?.get(stream.id);
            const error = errors[stream.id] ?? state?.error ?? null;
            const open = state ? (stream.protocol === 'udp' ? state.sessions : state.active) : null;
            return (
              <tr key={stream.id} className="relative border-b border-border transition-colors last:border-0 hover:bg-border/20">
                <td className="px-4 py-3">
                  <Link href={`/streams/${stream.id}`} className="font-mono font-medium after:absolute after:inset-0 hover:text-accent focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-accent">
                    {stream.name}
                  </Link>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {!stream.enabled ? <Badge>disabled</Badge> : error ? <Badge tone="danger">not listening</Badge> : state?.listening ? <Badge tone="success">listening</Badge> : null}
                    {stream.proxyProtocol.accept ? <Badge tone="accent">PROXY protocol</Badge> : null}
                  </div>
                  {error ? <p className="mt-1 max-w-sm text-xs text-danger">{error}</p> : null}
                </td>
                <td className="px-4 py-3 font-mono text-xs">{listenLabel(stream)}</td>
                <td className="hidden max-w-xs truncate px-4 py-3 font-mono text-xs md:table-cell">{targetLabel(stream)}</td>
                <td className="px-4 py-3 text-right tabular-nums">{open === null ? '—' : `${open} ${stream.protocol === 'udp' ? 'sessions' : 'connections'}`}</td>
                <td className="hidden px-4 py-3 text-right text-muted tabular-nums sm:table-cell">{state ? `${formatBytes(state.bytesIn)} / ${formatBytes(state.bytesOut)}` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {!running ? <p className="border-t border-border px-4 py-2 text-xs text-muted">The engine is not answering: live figures are not available.</p> : null}
    </Card>
  );
}
