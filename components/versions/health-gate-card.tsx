'use client';
// The health gate on the versions page: off (and where to turn it on), the change it is
// watching with the traffic before and so far after, and the verdict on the last change
// with its reason. A rollback it made refreshes the list of versions below.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { api } from '@/components/hooks/api-client.ts';
import { useServerClock } from '@/components/ui/server-clock.tsx';
import type { GateResult, GateWatch } from '@/core/views/health-gate.ts';
import type { HealthGate } from '@/core/config/settings.ts';
import type { WindowSummary } from '@/core/contract/window-summary.ts';

interface GateView {
  settings: HealthGate;
  watching: GateWatch | null;
  last: GateResult | null;
}

const VERDICTS: Record<GateResult['verdict'], [string, BadgeTone]> = {
  passed: ['kept', 'success'],
  rolled_back: ['rolled back', 'danger'],
  inconclusive: ['kept, not enough traffic', 'neutral'],
  superseded: ['replaced by a newer change', 'neutral'],
  failed: ['gate failed', 'warning'],
};

function traffic(w: WindowSummary | null): string {
  if (!w || w.requests === 0) return 'no requests';
  const errors = `${((w.status5xx / w.requests) * 100).toFixed(1)} % 5xx of ${w.requests} requests`;
  return w.upstreamP99Ms !== null ? `${errors}, upstream p99 ${w.upstreamP99Ms} ms` : errors;
}

export function HealthGateCard() {
  const router = useRouter();
  const [view, setView] = useState<GateView | null>(null);
  const clock = useServerClock();
  const [now, setNow] = useState(clock);
  const seenRollback = useRef<number | null | undefined>(undefined);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const next = await api<GateView>('GET', '/api/v1/versions/health-gate');
        if (stopped) return;
        setView(next);
        setNow(clock());
        const rollback = next.last?.rollbackRevision ?? null;
        if (seenRollback.current !== undefined && rollback !== null && rollback !== seenRollback.current) router.refresh();
        seenRollback.current = rollback;
        timer = setTimeout(load, next.watching ? 1000 : 5000);
      } catch {
        if (!stopped) timer = setTimeout(load, 5000);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [router, clock]);

  if (!view) return null;
  const { settings, watching, last } = view;
  return (
    <SectionCard id="health-gate" title="Health gate" description={settings.enabled ? `Each change is watched for ${settings.watchSeconds} s; a regression against the traffic before it restores the previous version.` : undefined}>
      <div className="space-y-3 text-sm">
        {!settings.enabled ? (
          <p className="text-muted">
            Off: changes stay until someone rolls them back. Turn it on in{' '}
            <Link href="/settings/proxy#health-gate" className="underline underline-offset-2">
              Settings → Proxy
            </Link>{' '}
            to have a change that causes errors or slow upstreams undone by itself.
          </p>
        ) : null}
        {watching ? (
          <div role="status" className="rounded-md bg-accent/10 px-3 py-2">
            <p className="font-medium">
              Watching revision {watching.revision}: {Math.max(0, Math.ceil((watching.endsAt - now) / 1000))} s left
            </p>
            <p className="text-muted">Before: {traffic(watching.before)}. Since the change: {traffic(watching.after)}.</p>
          </div>
        ) : null}
        {last ? (
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1" aria-label="Last verdict">
            <Badge tone={VERDICTS[last.verdict][1]} dot>
              {VERDICTS[last.verdict][0]}
            </Badge>
            <span className="min-w-0 flex-1">
              Revision {last.revision}: {last.reason}.
              {last.verdict === 'rolled_back' && last.rollbackRevision ? ` Revision ${last.restoredRevision} was restored as revision ${last.rollbackRevision}.` : ''}
              <time className="ml-2 text-xs text-muted" dateTime={new Date(last.at).toISOString()}>
                {new Date(last.at).toLocaleTimeString()}
              </time>
            </span>
          </div>
        ) : settings.enabled && !watching ? (
          <p className="text-muted">No change watched since the dashboard started.</p>
        ) : null}
      </div>
    </SectionCard>
  );
}
