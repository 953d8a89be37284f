'use client';
// The TCP/UDP streams' charts on the Live page: bytes per second each way, and
// connections per second (opened, closed, refused) with those open drawn as a line.
// Rows come from stream-series.ts; colours from chart-configs.ts.
import { Area, AreaChart, Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_PROPS, ChartContainer, ChartTooltipContent, GRID_PROPS } from '@/components/charts/chart.tsx';
import { formatBytes } from '@/components/streams/stream-form-model.ts';
import { formatRate, tickFormatter, tooltipLabel } from './format.ts';
import { streamBytesConfig, streamConnectionsConfig } from './chart-configs.ts';
import type { StreamBytesRow, StreamConnectionsRow } from './stream-series.ts';

const xAxis = <XAxis dataKey="t" {...AXIS_PROPS} tickFormatter={tickFormatter('live')} minTickGap={40} interval="preserveStartEnd" />;
const label = tooltipLabel('live', 1);

export function StreamBytesChart({ rows, className }: { rows: StreamBytesRow[]; className?: string }) {
  const total = rows.reduce((n, r) => n + r.bytesIn + r.bytesOut, 0);
  const last = rows.at(-1);
  const summary = `Stream bytes in the last ${rows.length} seconds: ${formatBytes(rows.reduce((n, r) => n + r.bytesIn, 0))} client to upstream, ${formatBytes(rows.reduce((n, r) => n + r.bytesOut, 0))} upstream to client${last ? `; latest second ${formatBytes(last.bytesIn)}/s in, ${formatBytes(last.bytesOut)}/s out` : ''}.`;
  return (
    <ChartContainer config={streamBytesConfig} label="Stream bytes per second" summary={summary} className={className} empty={total === 0 ? 'No bytes moved in this window' : undefined}>
      <AreaChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis}
        <YAxis {...AXIS_PROPS} tickFormatter={(v: number) => formatBytes(v)} width={64} />
        <Tooltip isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} labelFormatter={label} valueFormatter={(v) => `${formatBytes(v)}/s`} />} />
        {(['bytesIn', 'bytesOut'] as const).map((k) => (
          <Area key={k} dataKey={k} type="step" stroke={`var(--color-${k})`} fill={`var(--color-${k})`} fillOpacity={0.25} strokeWidth={1.5} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ChartContainer>
  );
}

export function StreamConnectionsChart({ rows, className }: { rows: StreamConnectionsRow[]; className?: string }) {
  const sum = (k: 'opened' | 'closed' | 'refused') => rows.reduce((n, r) => n + r[k], 0);
  const last = rows.at(-1);
  const anything = rows.some((r) => r.opened + r.closed + r.refused + r.active > 0);
  const summary = `Stream connections in the last ${rows.length} seconds: ${sum('opened')} opened, ${sum('closed')} closed, ${sum('refused')} refused; ${last?.active ?? 0} open now.`;
  return (
    <ChartContainer config={streamConnectionsConfig} label="Stream connections per second" summary={summary} className={className} empty={anything ? undefined : 'No connections in this window'}>
      <ComposedChart data={rows} accessibilityLayer={false} barCategoryGap={1} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis}
        <YAxis {...AXIS_PROPS} allowDecimals={false} tickFormatter={formatRate} width={48} />
        <Tooltip cursor={{ fill: 'var(--border)', opacity: 0.4 }} isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} labelFormatter={label} />} />
        {(['opened', 'closed', 'refused'] as const).map((k) => (
          <Bar key={k} dataKey={k} stackId="connections" fill={`var(--color-${k})`} isAnimationActive={false} />
        ))}
        <Line dataKey="active" type="stepAfter" stroke="var(--color-active)" strokeWidth={1.75} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartContainer>
  );
}
