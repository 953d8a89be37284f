'use client';
// The overview's traffic half: the summary figures and the busiest hosts, over the range
// chosen here (the last minute of the stream, or an hour, a day or a week of history).
// Every figure names its window. `aside` is the card drawn next to the top hosts.
import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import { LinkButton } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { plural } from '@/components/ui/plural.ts';
import { Segmented } from '@/components/forms/choice-fields.tsx';
import { Sparkline } from '@/components/charts/sparkline.tsx';
import { useStatsStream } from '@/components/hooks/use-stats-stream.ts';
import { formatPercent, formatRate, RANGE_OPTIONS, type Range } from '@/components/live/format.ts';
import { LiveSummaryCards } from '@/components/live/live-summary.tsx';
import { hostLabel, secondOf, type HostTotals } from '@/components/live/series.ts';
import { StreamBadge } from '@/components/live/stream-badge.tsx';
import { useHistory, useTrafficWindow } from '@/components/live/use-traffic-window.ts';
import { NodeFilter, useEngineNodeNames } from '@/components/nodes/node-filter.tsx';

const TOP = 5;
/** The stream is kept a little longer than the live minute: a history range adds the seconds it has not written yet. */
const STREAM_SECONDS = 180;

function hostDetail(h: HostTotals): string {
  const parts = [plural(h.requests, 'request')];
  if (h.serverErrors) parts.push(`${formatPercent(h.serverErrors / h.requests)} 5xx`);
  if (h.clientErrors) parts.push(`${formatPercent(h.clientErrors / h.requests)} 4xx`);
  if (h.limited) parts.push(`${plural(h.limited, 'limited', 'limited')}`);
  return parts.join(' · ');
}

export function LiveOverviewClient({ hostIds, aside }: { hostIds: Record<string, string>; aside: ReactNode }) {
  const [range, setRange] = useState<Range>('live');
  const [node, setNode] = useState('');
  const nodeNames = useEngineNodeNames();
  const { snapshots, status } = useStatsStream(STREAM_SECONDS, node);
  const { history, error } = useHistory(range, '', TOP, node);
  const traffic = useTrafficWindow(range, null, snapshots, history, TOP);
  const lastMinute = useMemo(() => snapshots.slice(-60), [snapshots]);
  const seconds = range === 'live' ? Math.max(1, lastMinute.length) : (history?.summary.seconds ?? 1);
  return (
    <div className="space-y-6">
      <section aria-labelledby="traffic-title" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="traffic-title" className="text-[15px] font-semibold">
              Traffic, {traffic.label}
            </h2>
            <StreamBadge status={status} />
          </div>
          <div className="flex flex-wrap items-end gap-3">
            <NodeFilter id="overview-node" value={node} onChange={setNode} names={nodeNames} className="w-44" />
            <Segmented<Range> legend="Time range" hideLegend size="sm" value={range} options={RANGE_OPTIONS} onChange={setRange} />
          </div>
        </div>
        {error ? <p className="text-sm text-danger">The history could not be loaded: {error}</p> : null}
        <LiveSummaryCards summary={traffic.summary} window={traffic.label} href="/live" />
      </section>
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <SectionCard id="top-hosts" title="Top hosts" description={`The busiest hosts over the ${traffic.label}; the rate is their average over it.`} actions={<LinkButton href="/live" variant="ghost" size="sm">Live traffic</LinkButton>}>
          {traffic.top === null ? (
            <p role="status" className="text-sm text-muted">
              Loading…
            </p>
          ) : traffic.top.length === 0 ? (
            <p className="text-sm text-muted">No requests in the {traffic.label}. Hosts appear here, busiest first, as traffic arrives.</p>
          ) : (
            <ul className="divide-y divide-border text-sm">
              {traffic.top.map((h) => {
                const id = hostIds[h.host];
                return (
                  <li key={h.host} className="flex items-center gap-3 py-2 first:pt-0 last:pb-0">
                    <span className="min-w-0 flex-1">
                      {id ? (
                        <Link href={`/hosts/${id}`} className="block truncate font-medium hover:text-accent">
                          {h.host}
                        </Link>
                      ) : (
                        <span className="block truncate font-medium text-muted">{hostLabel(h.host)}</span>
                      )}
                      <span className="block text-xs text-muted">{hostDetail(h)}</span>
                    </span>
                    {range === 'live' ? <Sparkline values={lastMinute.map((s) => secondOf(s, h.host).requests)} className="h-6 w-24 shrink-0" /> : null}
                    <span className="w-16 shrink-0 text-right tabular-nums">{formatRate(h.requests / seconds)}/s</span>
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
