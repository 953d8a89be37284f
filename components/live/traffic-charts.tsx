'use client';
// The traffic charts: requests per second stacked by status class, cache statuses, and
// response-time percentiles. Each has its own chartConfig; the rows come from
// series.ts, live or from history alike.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_PROPS, ChartContainer, ChartTooltipContent, GRID_PROPS, type ChartConfig } from '@/components/charts/chart.tsx';
import { formatMs, formatMsTick, formatRate, tickFormatter, tooltipLabel, type Range } from './format.ts';
import { CACHE_NAMES, STATUS_CLASSES, type CacheRow, type LatencyRow, type TrafficRow } from './series.ts';

export const requestsConfig = {
  '1xx': { label: '1xx', color: 'var(--chart-5)' },
  '2xx': { label: '2xx', color: 'var(--chart-1)' },
  '3xx': { label: '3xx', color: 'var(--chart-2)' },
  '4xx': { label: '4xx', color: 'var(--chart-3)' },
  '5xx': { label: '5xx', color: 'var(--chart-4)' },
} satisfies ChartConfig;

// Seven statuses, five palette colours: the rarer ones are their relatives mixed with the
// muted grey, which stays mid-tone in both themes (a mix with the card vanishes in dark).
export const cacheConfig = {
  hit: { label: 'Hit', color: 'var(--chart-1)' },
  revalidated: { label: 'Revalidated', color: 'color-mix(in oklch, var(--chart-1) 55%, var(--muted))' },
  stale: { label: 'Stale', color: 'var(--chart-5)' },
  updating: { label: 'Updating', color: 'color-mix(in oklch, var(--chart-5) 55%, var(--muted))' },
  expired: { label: 'Expired', color: 'var(--chart-3)' },
  miss: { label: 'Miss', color: 'var(--chart-2)' },
  bypass: { label: 'Bypass', color: 'color-mix(in oklch, var(--chart-2) 45%, var(--muted))' },
} satisfies ChartConfig;

export const latencyConfig = {
  p50: { label: 'p50', color: 'var(--chart-2)' },
  p95: { label: 'p95', color: 'var(--chart-3)' },
  p99: { label: 'p99', color: 'var(--chart-4)' },
} satisfies ChartConfig;

interface ChartProps<Row> {
  rows: Row[];
  range: Range;
  stepSeconds: number;
  className?: string;
}

const STATUS_ORDER = Object.keys(requestsConfig) as (keyof typeof requestsConfig)[];
const CACHE_ORDER = Object.keys(cacheConfig) as (keyof typeof cacheConfig)[];

function xAxis(range: Range) {
  return <XAxis dataKey="t" {...AXIS_PROPS} tickFormatter={tickFormatter(range)} minTickGap={40} interval="preserveStartEnd" />;
}

export function RequestsChart({ rows, range, stepSeconds, className }: ChartProps<TrafficRow>) {
  const total = rows.reduce((n, r) => n + STATUS_CLASSES.reduce((m, c) => m + r[c], 0), 0) * (range === 'live' ? 1 : stepSeconds);
  const last = rows.at(-1);
  const summary = `${Math.round(total)} requests ${range === 'live' ? `in the last ${rows.length} seconds` : `in the last ${range}`}${last ? `; latest ${range === 'live' ? 'second' : 'step'}: ${STATUS_CLASSES.map((c) => `${c} ${formatRate(last[c])}/s`).join(', ')}` : ''}.`;
  return (
    <ChartContainer config={requestsConfig} label="Requests per second by status class" summary={summary} className={className} empty={total === 0 ? 'No requests in this range' : undefined}>
      <BarChart data={rows} accessibilityLayer={false} barCategoryGap={1} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis(range)}
        <YAxis {...AXIS_PROPS} allowDecimals={range !== 'live'} tickFormatter={formatRate} width={48} />
        <Tooltip cursor={{ fill: 'var(--border)', opacity: 0.4 }} isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} hideZero labelFormatter={tooltipLabel(range, stepSeconds)} valueFormatter={(v) => `${formatRate(v)}/s`} />} />
        {STATUS_ORDER.map((c) => (
          <Bar key={c} dataKey={c} stackId="status" fill={`var(--color-${c})`} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}

export function CacheChart({ rows, range, stepSeconds, className }: ChartProps<CacheRow>) {
  const totals = Object.fromEntries(CACHE_NAMES.map((c) => [c, rows.reduce((n, r) => n + r[c], 0) * (range === 'live' ? 1 : stepSeconds)]));
  const summary = `Cache lookups ${range === 'live' ? `in the last ${rows.length} seconds` : `in the last ${range}`}: ${CACHE_NAMES.map((c) => `${c} ${Math.round(totals[c] ?? 0)}`).join(', ')}.`;
  return (
    <ChartContainer config={cacheConfig} label="Cache statuses per second" summary={summary} className={className} empty={Object.values(totals).every((n) => n === 0) ? 'No cache lookups: no location in view caches' : undefined}>
      <AreaChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis(range)}
        <YAxis {...AXIS_PROPS} tickFormatter={formatRate} width={48} />
        <Tooltip isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} hideZero labelFormatter={tooltipLabel(range, stepSeconds)} valueFormatter={(v) => `${formatRate(v)}/s`} />} />
        {CACHE_ORDER.map((c) => (
          <Area key={c} dataKey={c} type="step" stackId="cache" stroke={`var(--color-${c})`} fill={`var(--color-${c})`} fillOpacity={0.35} strokeWidth={1.5} isAnimationActive={false} />
        ))}
      </AreaChart>
    </ChartContainer>
  );
}

export function LatencyChart({ rows, range, stepSeconds, label, className, legend = true }: ChartProps<LatencyRow> & { label: string; legend?: boolean }) {
  const last = [...rows].reverse().find((r) => r.p50 !== null);
  // A line needs two points: a single measurement is drawn as dots instead.
  const single = rows.filter((r) => r.p50 !== null).length === 1;
  const summary = last ? `${label}: latest p50 ${formatMs(last.p50)}, p95 ${formatMs(last.p95)}, p99 ${formatMs(last.p99)}.` : `${label}: nothing measured in this range.`;
  return (
    <ChartContainer config={latencyConfig} label={label} summary={summary} className={className} legend={legend} empty={last ? undefined : 'Nothing measured in this range'}>
      <LineChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis(range)}
        <YAxis {...AXIS_PROPS} tickFormatter={formatMsTick} width={52} />
        <Tooltip isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} labelFormatter={tooltipLabel(range, stepSeconds)} valueFormatter={formatMs} />} />
        {(['p50', 'p95', 'p99'] as const).map((k) => (
          // Seconds (or steps) without requests have no latency: the line joins across them
          // rather than breaking into fragments a sparse server would be invisible in.
          <Line key={k} dataKey={k} type="monotone" stroke={`var(--color-${k})`} strokeWidth={1.75} dot={single ? { r: 3, strokeWidth: 0, fill: `var(--color-${k})` } : false} connectNulls isAnimationActive={false} />
        ))}
      </LineChart>
    </ChartContainer>
  );
}
