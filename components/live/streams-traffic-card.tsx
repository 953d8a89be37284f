'use client';
// The Live page's TCP/UDP streams part: what the streams moved in the live window, for
// all of them or one — bytes each way, connections opened, closed and refused, those open
// now, and how long finished connections lasted. Shown once the engine reports a stream.
import { useMemo, useState } from 'react';
import { SectionCard } from '@/components/ui/card.tsx';
import { HostFilter } from '@/components/hosts/host-filter.tsx';
import { plural } from '@/components/ui/plural.ts';
import { formatBytes } from '@/components/streams/stream-form-model.ts';
import type { StatsSnapshot } from '@/core/contract/stats.ts';
import { formatMs } from './format.ts';
import { streamNames, streamRows, streamSummary } from './stream-series.ts';
import { StreamBytesChart, StreamConnectionsChart } from './stream-charts.tsx';

export function StreamsTrafficCard({ snapshots }: { snapshots: readonly StatsSnapshot[] }) {
  const [picked, setPicked] = useState('');
  const names = useMemo(() => streamNames(snapshots), [snapshots]);
  const stream = picked || null;
  const rows = useMemo(() => streamRows(snapshots, stream), [snapshots, stream]);
  const summary = useMemo(() => streamSummary(snapshots, stream), [snapshots, stream]);
  if (names.length === 0 && !picked) return null;
  const seconds = snapshots.length;
  return (
    <SectionCard
      id="streams"
      title="Streams"
      description={`TCP and UDP streams, last ${plural(Math.max(1, Math.round(seconds / 60)), 'minute')}, per second${stream ? ` · ${stream}` : ' · all streams'}.`}
      actions={<HostFilter id="live-stream" label="Stream" allLabel="All streams" value={picked} onChange={setPicked} hosts={names} className="w-full sm:w-56" />}
    >
      <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-4" aria-label="Streams summary">
        <Figure label="Open now" value={String(summary.active)} />
        <Figure label="Opened" value={`${summary.opened}${summary.refused ? ` · ${summary.refused} refused` : ''}`} />
        <Figure label="Bytes in / out" value={`${formatBytes(summary.bytesIn)} / ${formatBytes(summary.bytesOut)}`} />
        <Figure label="Mean duration" value={formatMs(summary.meanDurationMs)} />
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <StreamBytesChart rows={rows.bytes} />
        <StreamConnectionsChart rows={rows.connections} />
      </div>
    </SectionCard>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted">{label}</dt>
      <dd className="font-semibold tabular-nums">{value}</dd>
    </div>
  );
}
