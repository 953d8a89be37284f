'use client';
// The engine's one-second statistics (GET /api/v1/stats/stream) as a sliding window.
// EventSource reconnects by itself and resumes with Last-Event-ID; when the stream is
// refused outright (engine down) it is reopened a little later from the last id seen.
// The first connection asks for the last `windowSeconds` from the engine's ring, so a
// chart starts full instead of empty. Events are applied once per frame: the backfill
// arrives as hundreds of events at once and must not cost hundreds of renders.
import { useEffect, useState } from 'react';
import type { StatsSnapshot } from '@/core/contract/stats.ts';

export type { StatsSnapshot };
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

const REOPEN_MS = 5000;

export function useStatsStream(windowSeconds: number): { snapshots: StatsSnapshot[]; status: StreamStatus } {
  const [snapshots, setSnapshots] = useState<StatsSnapshot[]>([]);
  const [status, setStatus] = useState<StreamStatus>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let cancelFlush: (() => void) | undefined;
    let pending: StatsSnapshot[] = [];
    let lastSeq: number | null = null;
    let stopped = false;

    const flush = () => {
      cancelFlush = undefined;
      const incoming = pending;
      pending = [];
      setSnapshots((current) => {
        const bySeq = new Map(current.map((s) => [s.seq, s]));
        for (const s of incoming) bySeq.set(s.seq, s);
        const all = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
        const newest = all.at(-1)?.t ?? 0;
        return all.filter((s) => s.t > newest - windowSeconds * 1000);
      });
    };

    const open = () => {
      const since = lastSeq ?? Math.floor(Date.now() / 1000) - windowSeconds;
      source = new EventSource(`/api/v1/stats/stream?lastEventId=${since}`);
      source.onopen = () => setStatus('live');
      source.onmessage = (event: MessageEvent<string>) => {
        try {
          const snapshot = JSON.parse(event.data) as StatsSnapshot;
          lastSeq = snapshot.seq;
          pending.push(snapshot);
        } catch {
          return;
        }
        // A hidden tab gets no animation frames; a timer keeps the window current there.
        if (cancelFlush) return;
        if (document.visibilityState === 'visible') {
          const id = requestAnimationFrame(flush);
          cancelFlush = () => cancelAnimationFrame(id);
        } else {
          const id = setTimeout(flush, 250);
          cancelFlush = () => clearTimeout(id);
        }
      };
      source.onerror = () => {
        if (stopped || !source) return;
        if (source.readyState === EventSource.CLOSED) {
          setStatus('unavailable');
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        } else setStatus('reconnecting');
      };
    };
    open();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(reopen);
      cancelFlush?.();
    };
  }, [windowSeconds]);

  return { snapshots, status };
}
