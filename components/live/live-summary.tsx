'use client';
// The figures that say how the proxy is doing over the chosen window: requests per
// second, server errors, client errors and requests refused by limits (each apart: a
// 429 from a rate limit is neither the client's error nor the server's), p95 response
// time and cache hit ratio, each over a sparkline of the window and naming the window.
import { CardLink } from '@/components/ui/card-link.tsx';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card.tsx';
import { Skeleton } from '@/components/ui/skeleton.tsx';
import { plural } from '@/components/ui/plural.ts';
import { Sparkline } from '@/components/charts/sparkline.tsx';
import { formatMs, formatPercent, formatRate } from './format.ts';
import type { TrafficSummary } from './series.ts';

function Cell({ label, value, detail, values, color, href }: { label: string; value: string; detail: ReactNode; values: number[]; color: string; href?: string }) {
  const body = (
    <Card className={`h-full min-w-0 p-4 ${href ? 'transition-colors group-hover:border-accent/60' : ''}`}>
      <p className="text-sm text-muted">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">{value}</p>
      <Sparkline values={values} color={color} className="mt-2 h-8 w-full" />
      <p className="mt-1 text-xs text-muted">{detail}</p>
    </Card>
  );
  return <CardLink href={href}>{body}</CardLink>;
}

const GRID = 'grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 xl:grid-cols-6';

/** `window` is said in every figure ("last hour"); null summary: the range is loading. */
export function LiveSummaryCards({ summary, window, href }: { summary: TrafficSummary | null; window: string; href?: string }) {
  if (!summary) {
    return (
      <div className={GRID} role="status" aria-label={`Loading the traffic summary of the ${window}`}>
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-32" />
        ))}
      </div>
    );
  }
  const of = (n: number) => `${n.toLocaleString('en-US')} of ${plural(summary.requests, 'request')}`;
  return (
    <div className={GRID} role="group" aria-label="Traffic summary">
      <Cell href={href} label="Requests/s" value={formatRate(summary.rps)} detail={`Average, ${window} · ${plural(summary.requests, 'request')}`} values={summary.series.rps} color="var(--chart-requests)" />
      <Cell href={href} label="Server errors" value={formatPercent(summary.serverErrorRate)} detail={summary.requests ? `5xx, ${window} · ${of(summary.serverErrors)}` : `No requests, ${window}`} values={summary.series.serverErrors} color="var(--chart-5xx)" />
      <Cell href={href} label="Client errors" value={formatPercent(summary.clientErrorRate)} detail={summary.requests ? `4xx, ${window} · ${of(summary.clientErrors)}` : `No requests, ${window}`} values={summary.series.clientErrors} color="var(--chart-4xx)" />
      <Cell href={href} label="Limited" value={formatPercent(summary.limitedRate)} detail={summary.requests ? `Refused by rate or connection limits, ${window} · ${of(summary.limited)}` : `No requests, ${window}`} values={summary.series.limited} color="var(--chart-limited)" />
      <Cell href={href} label="p95 response time" value={formatMs(summary.p95)} detail={`Accept to last byte, ${window}`} values={summary.series.p95} color="var(--chart-p95)" />
      <Cell href={href} label="Cache hit ratio" value={formatPercent(summary.hitRatio)} detail={summary.hitRatio === null ? `No cache lookups, ${window}` : `Hits over lookups, ${window}`} values={summary.series.hits} color="var(--chart-hit)" />
    </div>
  );
}
