'use client';
// The live tail of the access log (GET /api/v1/logs/stream, SSE, one event per request),
// kept as a bounded list, newest first: a busy proxy must not grow the page's memory.
// The engine drops lines for a client that falls behind and says how many ("dropped").
import { useEffect, useState } from 'react';
import type { AccessEntry } from '@/core/contract/access-log.ts';

export type { AccessEntry };
export type TailStatus = 'connecting' | 'live' | 'unavailable';

const REOPEN_MS = 5000;

export function useLogTail(host: string, max: number): { entries: AccessEntry[]; dropped: number; status: TailStatus; clear(): void } {
  const [entries, setEntries] = useState<AccessEntry[]>([]);
  const [dropped, setDropped] = useState(0);
  const [status, setStatus] = useState<TailStatus>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let pending: AccessEntry[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    setEntries([]);
    setStatus('connecting');
    // Lines are added a few times a second, not once per request.
    const flush = () => {
      flushTimer = undefined;
      const incoming = pending.reverse();
      pending = [];
      setEntries((current) => [...incoming, ...current].slice(0, max));
    };
    const open = () => {
      source = new EventSource(`/api/v1/logs/stream${host ? `?host=${encodeURIComponent(host)}` : ''}`);
      source.onopen = () => setStatus('live');
      source.onmessage = (event: MessageEvent<string>) => {
        try {
          pending.push(JSON.parse(event.data) as AccessEntry);
        } catch {
          return;
        }
        if (pending.length > max) pending = pending.slice(-max);
        flushTimer ??= setTimeout(flush, 200);
      };
      source.addEventListener('dropped', (event) => setDropped((n) => n + (Number((event as MessageEvent<string>).data) || 0)));
      source.onerror = () => {
        if (stopped || !source) return;
        if (source.readyState === EventSource.CLOSED) {
          setStatus('unavailable');
          source.close();
          reopen = setTimeout(open, REOPEN_MS);
        } else setStatus('connecting');
      };
    };
    open();
    return () => {
      stopped = true;
      source?.close();
      clearTimeout(reopen);
      clearTimeout(flushTimer);
    };
  }, [host, max]);

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
