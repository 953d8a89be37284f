'use client';
// GET /api/v1/versions/diff for a pair of revisions, loaded when asked for.
import { useEffect, useState } from 'react';
import type { ObjectChange } from '@/core/views/snapshot-diff.ts';
import { api, failureMessage } from '@/components/hooks/api-client.ts';

export type DiffState = { status: 'loading' } | { status: 'done'; changes: ObjectChange[] } | { status: 'error'; message: string };

export function useDiff(from: number | null, to: number | null): DiffState | null {
  const [state, setState] = useState<DiffState | null>(null);
  useEffect(() => {
    if (from === null || to === null) {
      setState(null);
      return;
    }
    let stopped = false;
    setState({ status: 'loading' });
    api<{ changes: ObjectChange[] }>('GET', `/api/v1/versions/diff?from=${from}&to=${to}`)
      .then((res) => !stopped && setState({ status: 'done', changes: res.changes }))
      .catch((e: unknown) => !stopped && setState({ status: 'error', message: failureMessage(e) }));
    return () => {
      stopped = true;
    };
  }, [from, to]);
  return state;
}
