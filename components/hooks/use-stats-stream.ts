'use client';
// The engine's one-second statistics (GET /api/v1/stats/stream) as a sliding window.
// The first connection asks for the last `windowSeconds` from the engine's ring, so a
// chart starts full instead of empty; a reopened one resumes from the last id seen.
// Events are applied once per frame: the backfill arrives as hundreds of events at once
// and must not cost hundreds of renders.
import { useEffect, useRef, useState } from 'react';
import type { StatsSnapshot } from '@/core/contract/stats.ts';
import { useServerClock } from '@/components/ui/server-clock.tsx';
import { useEventStream, type StreamStatus } from './use-event-stream.ts';

export type { StatsSnapshot, StreamStatus };

/** `node`: one node's seconds (PORTICO_REDIS_URL); "" for every node's added up. */
export function useStatsStream(windowSeconds: number, node = ''): { snapshots: StatsSnapshot[]; status: StreamStatus } {
  const [snapshots, setSnapshots] = useState<StatsSnapshot[]>([]);
  // Another node's seconds are another series: the window starts again from its backfill.
  useEffect(() => setSnapshots([]), [node]);
  // Snapshot ids are the engine's seconds: the first request counts back from the server's
  // clock, so a browser whose clock runs ahead still gets the backfill and the live ones.
  const serverClock = useServerClock();
  const clock = useRef(serverClock);
  useEffect(() => {
    clock.current = serverClock;
  }, [serverClock]);

  const status = useEventStream(() => {
    let cancelFlush: (() => void) | undefined;
    let pending: StatsSnapshot[] = [];
    let lastSeq: number | null = null;

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

    return {
      url: () => `/api/v1/stats/stream?lastEventId=${lastSeq ?? Math.floor(clock.current() / 1000) - windowSeconds}${node ? `&node=${encodeURIComponent(node)}` : ''}`,
      onMessage: (data) => {
        const snapshot = data as StatsSnapshot;
        lastSeq = snapshot.seq;
        pending.push(snapshot);
        // A hidden tab gets no animation frames; a timer keeps the window current there.
        if (cancelFlush) return;
        if (document.visibilityState === 'visible') {
          const id = requestAnimationFrame(flush);
          cancelFlush = () => cancelAnimationFrame(id);
        } else {
          const id = setTimeout(flush, 250);
          cancelFlush = () => clearTimeout(id);
        }
      },
      stop: () => cancelFlush?.(),
    };
  }, `${windowSeconds} ${node}`);

  return { snapshots, status };
}
