'use client';
// The live tail of the access log (GET /api/v1/logs/stream, SSE, one event per request),
// kept as a bounded list, newest first: a busy proxy must not grow the page's memory.
// The engine drops lines for a client that falls behind and says how many ("dropped").
import { useState } from 'react';
import type { AccessEntry } from '@/core/contract/access-log.ts';
import { useEventStream, type StreamStatus } from './use-event-stream.ts';

export type { AccessEntry, StreamStatus };

export function useLogTail(host: string, max: number): { entries: AccessEntry[]; dropped: number; status: StreamStatus; clear(): void } {
  const [entries, setEntries] = useState<AccessEntry[]>([]);
  const [dropped, setDropped] = useState(0);

  const status = useEventStream(() => {
    let pending: AccessEntry[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    setEntries([]);
    // Lines are added a few times a second, not once per request.
    const flush = () => {
      flushTimer = undefined;
      const incoming = pending.reverse();
      pending = [];
      setEntries((current) => [...incoming, ...current].slice(0, max));
    };
    return {
      url: () => `/api/v1/logs/stream${host ? `?host=${encodeURIComponent(host)}` : ''}`,
      onMessage: (data) => {
        pending.push(data as AccessEntry);
        if (pending.length > max) pending = pending.slice(-max);
        flushTimer ??= setTimeout(flush, 200);
      },
      events: { dropped: (data) => setDropped((n) => n + (Number(data) || 0)) },
      stop: () => clearTimeout(flushTimer),
    };
  }, `${host}\n${max}`);

  return {
    entries,
    dropped,
    status,
    clear: () => {
      setEntries([]);
      setDropped(0);
    },
  };
}
