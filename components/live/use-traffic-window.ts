'use client';
// The figures of a traffic page for the range chosen: Live sums the stream's last minute;
// 1 h, 24 h and 7 d read the history (refreshed as minutes are written) and add the
// stream's seconds the history does not have yet. Both pages that show traffic (the
// overview and Live traffic) take every summary figure from here, so they agree.
import { useEffect, useMemo, useState } from 'react';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import type { StatsSnapshot } from '@/components/hooks/use-stats-stream.ts';
import { WINDOW_LABELS, type Range } from './format.ts';
import { historySeries, historyTopHosts, historyTotals, streamSummary, summarize, topHosts, type HistoryResponse, type HostTotals, type TrafficSummary } from './series.ts';

const HISTORY_REFRESH_MS = 60_000;
/** The live range: the last minute of the stream. */
const LIVE_SECONDS = 60;

export function useHistory(range: Range, host: string, top = 0, node = ''): { history: HistoryResponse | null; error: string | null } {
  const [history, setHistory] = useState<HistoryResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (range === 'live') return;
    let stopped = false;
    setHistory(null);
    setError(null);
    const load = async () => {
      try {
        const params = new URLSearchParams({ range });
        if (host) params.set('host', host);
        if (top) params.set('top', String(top));
        if (node) params.set('node', node);
        const res = await api<HistoryResponse>('GET', `/api/v1/stats?${params}`);
        if (!stopped) setHistory(res);
      } catch (e) {
        if (!stopped) setError(failureMessage(e));
      }
    };
    void load();
    // Rollups are written once a minute: refreshing faster would show nothing new.
    const timer = setInterval(load, HISTORY_REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [range, host, top, node]);
  return { history: range === 'live' ? null : history, error: range === 'live' ? null : error };
}

export interface TrafficWindow {
  /** "last minute", "last hour", …: said next to every figure. */
  label: string;
  /** Null while the history of a range loads. */
  summary: TrafficSummary | null;
  top: HostTotals[] | null;
}

/** `snapshots` is the stream (at least the last minute of it); `history` the range's, when not live. */
export function useTrafficWindow(range: Range, host: string | null, snapshots: readonly StatsSnapshot[], history: HistoryResponse | null, topCount = 0): TrafficWindow {
  const lastMinute = useMemo(() => (snapshots.length > LIVE_SECONDS ? snapshots.slice(-LIVE_SECONDS) : snapshots), [snapshots]);
  return useMemo(() => {
    const label = WINDOW_LABELS[range];
    if (range === 'live') return { label, summary: streamSummary(lastMinute, host), top: topCount ? topHosts(lastMinute, topCount) : null };
    if (!history) return { label, summary: null, top: null };
    return { label, summary: summarize(historyTotals(history, snapshots, host), historySeries(history)), top: topCount ? historyTopHosts(history, snapshots, topCount) : null };
  }, [range, host, lastMinute, snapshots, history, topCount]);
}
