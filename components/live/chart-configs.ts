// The traffic charts' series: names and colours (the palette's CSS variables in
// app/globals.css). Kept apart from the charts so the palette test can read them.
import type { ChartConfig } from '@/components/charts/chart.tsx';

export const requestsConfig = {
  '1xx': { label: '1xx', color: 'var(--chart-1xx)' },
  '2xx': { label: '2xx', color: 'var(--chart-2xx)' },
  '3xx': { label: '3xx', color: 'var(--chart-3xx)' },
  '4xx': { label: '4xx', color: 'var(--chart-4xx)' },
  limited: { label: 'Limited', color: 'var(--chart-limited)' },
  '5xx': { label: '5xx', color: 'var(--chart-5xx)' },
} satisfies ChartConfig;

// Stacked from the bottom in this order: the common statuses first.
export const cacheConfig = {
  hit: { label: 'Hit', color: 'var(--chart-hit)' },
  miss: { label: 'Miss', color: 'var(--chart-miss)' },
  revalidated: { label: 'Revalidated', color: 'var(--chart-revalidated)' },
  expired: { label: 'Expired', color: 'var(--chart-expired)' },
  stale: { label: 'Stale', color: 'var(--chart-stale)' },
  updating: { label: 'Updating', color: 'var(--chart-updating)' },
  bypass: { label: 'Bypass', color: 'var(--chart-bypass)' },
} satisfies ChartConfig;

export const latencyConfig = {
  p50: { label: 'p50', color: 'var(--chart-p50)' },
  p95: { label: 'p95', color: 'var(--chart-p95)' },
  p99: { label: 'p99', color: 'var(--chart-p99)' },
} satisfies ChartConfig;

// TCP/UDP streams: bytes each way, and connections by what happened to them.
export const streamBytesConfig = {
  bytesIn: { label: 'Client → upstream', color: 'var(--chart-stream-in)' },
  bytesOut: { label: 'Upstream → client', color: 'var(--chart-stream-out)' },
} satisfies ChartConfig;

export const streamConnectionsConfig = {
  opened: { label: 'Opened', color: 'var(--chart-opened)' },
  closed: { label: 'Closed', color: 'var(--chart-closed)' },
  refused: { label: 'Refused', color: 'var(--chart-refused)' },
  active: { label: 'Open', color: 'var(--chart-open)' },
} satisfies ChartConfig;

export const CHART_CONFIGS = { requests: requestsConfig, cache: cacheConfig, latency: latencyConfig, streamBytes: streamBytesConfig, streamConnections: streamConnectionsConfig } as const;
