'use client';
// Live traffic: the last minutes second by second from the engine's stream, or the
// last hour, day or week from the history API, for all hosts or one, and with several
// instances for all nodes or one.
import { useMemo, useState } from 'react';
import { Alert, FailureAlert } from '@/components/ui/alert.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { Segmented } from '@/components/forms/choice-fields.tsx';
import { useMediaQuery } from '@/components/hooks/use-media-query.ts';
import { useStatsStream } from '@/components/hooks/use-stats-stream.ts';
import { plural } from '@/components/ui/plural.ts';
import { describeStep, RANGE_OPTIONS, WINDOW_LABELS, type Range } from './format.ts';
import { LiveSummaryCards } from './live-summary.tsx';
import { historyRows, liveRows, streamTotals, upstreamLatency } from './series.ts';
import { useHistory, useTrafficWindow } from './use-traffic-window.ts';
import { StreamBadge } from './stream-badge.tsx';
import { CacheChart, LatencyChart, RequestsChart } from './traffic-charts.tsx';
import { UpstreamLatencyGrid } from './upstream-latency-grid.tsx';
import { EventsCard } from './events-card.tsx';
import { streamEvents } from './stream-events.ts';
import { HostFilter } from '@/components/hosts/host-filter.tsx';
import { NodeFilter, useEngineNodeNames } from '@/components/nodes/node-filter.tsx';
import { StreamsTrafficCard } from './streams-traffic-card.tsx';

export interface LiveHost {
  /** The name the engine counts the host's traffic under. */
  key: string;
  names: string[];
  /** Upstream addresses its locations send to (pools' servers and single addresses). */
  upstreams: string[];
}

const STREAM_WINDOW = 300;

export function LiveClient({ hosts, engineRunning, curlHint }: { hosts: LiveHost[]; engineRunning: boolean; curlHint: string }) {
  const [range, setRange] = useState<Range>('live');
  const [host, setHost] = useState('');
  const [node, setNode] = useState('');
  const nodeNames = useEngineNodeNames();
  const wide = useMediaQuery('(min-width: 640px)');
  const { snapshots, status } = useStatsStream(STREAM_WINDOW, node);
  const { history, error } = useHistory(range, host, 0, node);
  const hostKey = host || null;
  const shown = useMemo(() => snapshots.slice(wide ? -STREAM_WINDOW : -120), [snapshots, wide]);
  const traffic = useTrafficWindow(range, hostKey, snapshots, history);
  const rows = useMemo(() => (range === 'live' ? liveRows(shown, hostKey) : history ? historyRows(history) : null), [range, shown, hostKey, history]);
  const upstreamFilter = useMemo(() => (hostKey ? new Set(hosts.find((h) => h.key === hostKey)?.upstreams ?? []) : null), [hosts, hostKey]);
  const servers = useMemo(() => (range === 'live' ? upstreamLatency(shown, upstreamFilter) : null), [range, shown, upstreamFilter]);
  const step = range === 'live' ? 1 : (history?.stepSeconds ?? 60);
  // The charts of the live range show the last minutes second by second; the figures above them the last minute.
  const chartWindow = range === 'live' ? `last ${plural(Math.max(1, Math.round(shown.length / 60)), 'minute')}, per second` : `${WINDOW_LABELS[range]}, per ${history ? describeStep(history.stepSeconds) : 'step'}`;
  const events = useMemo(() => streamEvents(snapshots), [snapshots]);
  const quiet = range === 'live' && snapshots.length > 0 && streamTotals(shown, hostKey).requests === 0;

  return (
    <div className="space-y-6">
      <PageHeader title="Live traffic" description="Requests, cache and response times as the engine counts them, every second." actions={<StreamBadge status={status} />} />
      {!engineRunning ? (
        <Alert tone="warning" title="The proxy engine is not running">
          There is no live traffic to show. Start Portico with <code className="font-mono">npm start</code>; history from earlier runs is still available in the 1 h, 24 h and 7 d ranges.
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <Segmented<Range> legend="Time range" value={range} options={RANGE_OPTIONS} onChange={setRange} />
        <HostFilter id="live-host" value={host} onChange={setHost} hosts={hosts.map((h) => h.key)} className="w-full sm:w-64" />
        <NodeFilter id="live-node" value={node} onChange={setNode} names={nodeNames} className="w-full sm:w-48" />
      </div>
      <LiveSummaryCards summary={traffic.summary} window={traffic.label} />
      <FailureAlert title="History could not be loaded" message={error} />
      <SectionCard id="requests" title="Requests per second" description={`By status class (requests refused by limits apart), ${chartWindow}${hostKey ? ` · ${hostKey}` : ' · all hosts'}${node ? ` · node ${node}` : ''}.`}>
        {rows ? <RequestsChart rows={rows.traffic} range={range} stepSeconds={step} className="h-64" /> : <ChartPlaceholder />}
        {quiet ? (
          <p className="mt-3 text-sm text-muted">
            No requests in this window. Send one through the proxy and watch it arrive: <code className="font-mono text-xs break-all text-foreground">{curlHint}</code>
          </p>
        ) : null}
      </SectionCard>
      <div className="grid gap-6 lg:grid-cols-2">
        <SectionCard id="cache" title="Cache" description={`Lookups per second by cache status (nginx's $upstream_cache_status), ${chartWindow}.`}>
          {rows ? <CacheChart rows={rows.cache} range={range} stepSeconds={step} /> : <ChartPlaceholder />}
        </SectionCard>
        <SectionCard id="response-time" title="Response time" description={`Percentiles from accepting the request to its last byte, ${chartWindow}.`}>
          {rows ? <LatencyChart rows={rows.latency} range={range} stepSeconds={step} label="Response time percentiles" /> : <ChartPlaceholder />}
        </SectionCard>
      </div>
      <SectionCard id="upstreams" title="Upstream latency per server" description="Each server's response time (nginx's $upstream_response_time): p50, p95 and p99.">
        {servers ? (
          <UpstreamLatencyGrid servers={servers} />
        ) : (
          <p className="text-sm text-muted">Per-server latency is kept second by second for the last 15 minutes: switch to Live to see it. For this range, the response time chart above covers {hostKey ?? 'all hosts'}.</p>
        )}
      </SectionCard>
      {range === 'live' ? <StreamsTrafficCard snapshots={shown} /> : null}
      <EventsCard events={events} windowLabel={`last ${Math.round(STREAM_WINDOW / 60)} minutes`} />
    </div>
  );
}

function ChartPlaceholder() {
  return (
    <div role="status" className="grid h-56 place-items-center rounded-md bg-border/20 text-sm text-muted">
      Loading…
    </div>
  );
}
