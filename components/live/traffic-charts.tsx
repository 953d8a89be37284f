'use client';
// The traffic charts: requests per second stacked by status class, cache statuses, and
// response-time percentiles. Each has its own chartConfig (chart-configs.ts); the rows
// come from series.ts, live or from history alike. A series that is zero over the whole
// window is not drawn (nor in the legend): a flat band at 0 would hide the ones that
// are not under its stroke.
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_PROPS, ChartContainer, ChartTooltipContent, GRID_PROPS, type ChartConfig } from '@/components/charts/chart.tsx';
import { formatMs, formatMsTick, formatRate, tickFormatter, tooltipLabel, type Range } from './format.ts';
import { cacheConfig, latencyConfig, requestsConfig } from './chart-configs.ts';
import type { CacheRow, LatencyRow, TrafficRow } from './series.ts';

export { cacheConfig, latencyConfig, requestsConfig };

interface ChartProps<Row> {
  rows: Row[];
  range: Range;
  stepSeconds: number;
  className?: string;
}

const STATUS_ORDER = Object.keys(requestsConfig) as (keyof typeof requestsConfig)[];
const CACHE_ORDER = Object.keys(cacheConfig) as (keyof typeof cacheConfig)[];

/** Each series' sum over the rows (in rows' units: per second). */
function totalsOf<K extends string>(rows: readonly Record<K, number>[], keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, rows.reduce((n, r) => n + r[k], 0)])) as Record<K, number>;
}

/** The series with something to draw, keeping the config's order. */
export function drawnSeries<K extends string>(keys: readonly K[], totals: Record<K, number>): K[] {
  return keys.filter((k) => totals[k] > 0);
}

/** The config restricted to the series drawn (the legend lists only them). */
function only<C extends ChartConfig>(config: C, keys: readonly string[]): ChartConfig {
  return Object.fromEntries(Object.entries(config).filter(([k]) => keys.includes(k)));
}

function xAxis(range: Range) {
  return <XAxis dataKey="t" {...AXIS_PROPS} tickFormatter={tickFormatter(range)} minTickGap={40} interval="preserveStartEnd" />;
}

export function RequestsChart({ rows, range, stepSeconds, className }: ChartProps<TrafficRow>) {
  const totals = totalsOf(rows, STATUS_ORDER);
  const drawn = drawnSeries(STATUS_ORDER, totals);
  const total = STATUS_ORDER.reduce((n, c) => n + totals[c], 0) * (range === 'live' ? 1 : stepSeconds);
  const last = rows.at(-1);
  const summary = `${Math.round(total)} requests ${range === 'live' ? `in the last ${rows.length} seconds` : `in the last ${range}`}${last ? `; latest ${range === 'live' ? 'second' : 'step'}: ${STATUS_ORDER.map((c) => `${requestsConfig[c].label} ${formatRate(last[c])}/s`).join(', ')}` : ''}.`;
  return (
    <ChartContainer config={only(requestsConfig, drawn)} label="Requests per second by status class" summary={summary} className={className} empty={total === 0 ? 'No requests in this range' : undefined}>
      <BarChart data={rows} accessibilityLayer={false} barCategoryGap={1} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis(range)}
        <YAxis {...AXIS_PROPS} allowDecimals={range !== 'live'} tickFormatter={formatRate} width={48} />
        <Tooltip cursor={{ fill: 'var(--border)', opacity: 0.4 }} isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} hideZero labelFormatter={tooltipLabel(range, stepSeconds)} valueFormatter={(v) => `${formatRate(v)}/s`} />} />
        {drawn.map((c) => (
          <Bar key={c} dataKey={c} stackId="status" fill={`var(--color-${c})`} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartContainer>
  );
}

export function CacheChart({ rows, range, stepSeconds, className }: ChartProps<CacheRow>) {
  const totals = totalsOf(rows, CACHE_ORDER);
  const drawn = drawnSeries(CACHE_ORDER, totals);
  const count = (c: (typeof CACHE_ORDER)[number]) => Math.round(totals[c] * (range === 'live' ? 1 : stepSeconds));
  const summary = `Cache lookups ${range === 'live' ? `in the last ${rows.length} seconds` : `in the last ${range}`}: ${CACHE_ORDER.map((c) => `${cacheConfig[c].label.toLowerCase()} ${count(c)}`).join(', ')}.`;
  return (
    <ChartContainer config={only(cacheConfig, drawn)} label="Cache statuses per second" summary={summary} className={className} empty={drawn.length === 0 ? 'No cache lookups: no location in view caches' : undefined}>
      <AreaChart data={rows} accessibilityLayer={false} margin={{ top: 4, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID_PROPS} />
        {xAxis(range)}
        <YAxis {...AXIS_PROPS} tickFormatter={formatRate} width={48} />
        <Tooltip isAnimationActive={false} content={(p) => <ChartTooltipContent {...p} hideZero labelFormatter={tooltipLabel(range, stepSeconds)} valueFormatter={(v) => `${formatRate(v)}/s`} />} />
        {drawn.map((c) => (
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
