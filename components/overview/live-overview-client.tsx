'use client';
// The overview's live half: the traffic summary of the last minute and the busiest
// hosts, from one statistics stream. `aside` is the card drawn next to the top hosts.
import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { LinkButton } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { Sparkline } from '@/components/charts/sparkline.tsx';
import { useStatsStream } from '@/components/hooks/use-stats-stream.ts';
import { formatPercent, formatRate } from '@/components/live/format.ts';
import { LiveSummaryCards } from '@/components/live/live-summary.tsx';
import { hostLabel, secondOf, summarize, topHosts } from '@/components/live/series.ts';
import { StreamBadge } from '@/components/live/stream-badge.tsx';

export function LiveOverviewClient({ hostIds, aside }: { hostIds: Record<string, string>; aside: ReactNode }) {
  const { snapshots, status } = useStatsStream(60);
  const summary = useMemo(() => summarize(snapshots, null), [snapshots]);
  const top = useMemo(() => topHosts(snapshots), [snapshots]);
  return (
    <div className="space-y-6">
      <section aria-labelledby="live-now-title" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="live-now-title" className="text-[15px] font-semibold">
            Traffic, last minute
          </h2>
          <StreamBadge status={status} />
        </div>
        <LiveSummaryCards summary={summary} windowLabel="last minute" href="/live" />
      </section>
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <SectionCard id="top-hosts" title="Top hosts" description="The busiest hosts over the last minute." actions={<LinkButton href="/live" variant="ghost" size="sm">Live traffic</LinkButton>}>
          {top.length === 0 ? (
            <p className="text-sm text-muted">No requests in the last minute. Hosts appear here, busiest first, as traffic arrives.</p>
          ) : (
            <ul className="divide-y divide-border text-sm">
              {top.map((h) => {
                const id = hostIds[h.host];
                return (
                  <li key={h.host} className="flex items-center gap-3 py-2 first:pt-0 last:pb-0">
                    <span className="min-w-0 flex-1 truncate">
                      {id ? (
                        <Link href={`/hosts/${id}`} className="font-medium hover:text-accent">
                          {h.host}
                        </Link>
                      ) : (
                        <span className={`font-medium ${id ? '' : 'text-muted'}`}>{hostLabel(h.host)}</span>
                      )}
                      <span className="block text-xs text-muted">
                        {h.requests} requests{h.errors ? ` · ${formatPercent(h.errors / h.requests)} 5xx` : ''}
                      </span>
                    </span>
                    <Sparkline values={snapshots.map((s) => secondOf(s, h.host).requests)} className="h-6 w-24 shrink-0" />
                    <span className="w-14 shrink-0 text-right tabular-nums">{formatRate(h.requests / Math.max(1, snapshots.length))}/s</span>
                  </li>
                );
              })}
            </ul>
          )}
        </SectionCard>
        {aside}
      </div>
    </div>
  );
}
