// Numbers and times as the traffic pages print them.
export type Range = 'live' | '1h' | '24h' | '7d';

/** The window every summary figure of a range covers, in words ("in the last hour"). */
export const WINDOW_LABELS: Record<Range, string> = { live: 'last minute', '1h': 'last hour', '24h': 'last 24 hours', '7d': 'last 7 days' };

/** A history step in words: "minute", "15 minutes", "hour". */
export function describeStep(seconds: number): string {
  if (seconds === 60) return 'minute';
  if (seconds === 3600) return 'hour';
  return seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${seconds / 60} minutes`;
}

/** The range choices of the traffic pages; Live is the stream, the others the history. */
export const RANGE_OPTIONS: readonly { value: Range; label: string }[] = [
  { value: 'live', label: 'Live' },
  { value: '1h', label: '1 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
];

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0';
  // A rate that rounds to nothing is still traffic (one request in an hour): not "0".
  if (perSecond < 0.05) return '<0.1';
  if (perSecond < 10) return perSecond.toFixed(1).replace(/\.0$/, '');
  if (perSecond < 1000) return String(Math.round(perSecond));
  return `${(perSecond / 1000).toFixed(1)}k`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Compact, for an axis: "8ms", "2.5ms", "1.2s". */
export function formatMsTick(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  if (ms >= 10 || Number.isInteger(ms)) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}

export function formatPercent(ratio: number | null): string {
  if (ratio === null) return '—';
  const pct = ratio * 100;
  if (pct === 0 || pct === 100) return `${pct}%`;
  return pct < 1 ? `${pct.toFixed(2)}%` : `${pct.toFixed(1)}%`;
}

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const TIME_SECONDS = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const DAY_TIME = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An axis tick for the range shown. */
export function tickFormatter(range: Range): (t: number) => string {
  if (range === 'live') return (t) => TIME_SECONDS.format(t);
  if (range === '7d') return (t) => DAY_TIME.format(t);
  return (t) => TIME.format(t);
}

/** The tooltip's heading: the second, or the step the point covers. */
export function tooltipLabel(range: Range, stepSeconds: number): (t: unknown) => string {
  return (t) => {
    if (typeof t !== 'number') return '';
    if (range === 'live') return TIME_SECONDS.format(t);
    const end = t + stepSeconds * 1000;
    return `${(range === '7d' ? DAY_TIME : TIME).format(t)} – ${TIME.format(end)}`;
  };
}
