'use client';
// Four numbers that say how the proxy is doing right now (requests per second, 5xx
// rate, p95 response time, cache hit ratio), each over a sparkline of the last minute.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card.tsx';
import { Sparkline } from '@/components/charts/sparkline.tsx';
import { formatMs, formatPercent, formatRate } from './format.ts';
import type { LiveSummary } from './series.ts';

function Cell({ label, value, detail, values, color, href }: { label: string; value: string; detail: ReactNode; values: number[]; color: string; href?: string }) {
  const body = (
    <Card className={`h-full p-4 ${href ? 'transition-colors group-hover:border-accent/60' : ''}`}>
      <p className="text-sm text-muted">{label}</p>
      <p className="mt-1 text-2xl font-semibold tracking-tight tabular-nums">{value}</p>
      <Sparkline values={values} color={color} className="mt-2 h-8 w-full" />
      <p className="mt-1 text-xs text-muted">{detail}</p>
    </Card>
  );
  return href ? (
    <Link href={href} className="group block rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent">
      {body}
    </Link>
  ) : (
    body
  );
}

export function LiveSummaryCards({ summary, windowLabel, href }: { summary: LiveSummary; windowLabel: string; href?: string }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4" role="group" aria-label="Live traffic summary">
      <Cell href={href} label="Requests/s" value={formatRate(summary.rps)} detail={`${summary.requests} in the ${windowLabel}`} values={summary.series.rps} color="var(--chart-2)" />
      <Cell href={href} label="Error rate" value={formatPercent(summary.errorRate)} detail={summary.errorRate === null ? 'No requests' : '5xx responses'} values={summary.series.errors} color="var(--chart-4)" />
      <Cell href={href} label="p95 response time" value={formatMs(summary.p95)} detail="Accept to last byte" values={summary.series.p95} color="var(--chart-3)" />
      <Cell href={href} label="Cache hit ratio" value={formatPercent(summary.hitRatio)} detail={summary.hitRatio === null ? 'No cache lookups' : 'Hits over lookups'} values={summary.series.hits} color="var(--chart-1)" />
    </div>
  );
}
