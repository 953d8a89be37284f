'use client';
// The truth about a saved change: the API's apply report, and when the engine had not
// applied it yet, the engine's status polled until it has (or until we stop asking).
import { useEffect, useState } from 'react';
import { errorsAbout } from '@/core/contract/object-errors.ts';
import type { ApplyReport } from '@/core/views/apply-report.ts';
import { api } from './api-client.ts';

export type { ApplyReport };

interface EngineStatusBody {
  running: boolean;
  appliedRevision: number | null;
  lastApplyMs?: number | null;
  errors: ApplyReport['errors'];
}

const POLL_MS = 1000;
const POLL_TRIES = 15;

export function useApplyStatus(report: ApplyReport | null, objectIds: string[]): ApplyReport | null {
  const [current, setCurrent] = useState(report);
  useEffect(() => setCurrent(report), [report]);
  const key = objectIds.join(',');
  useEffect(() => {
    if (!report || report.applied || report.appliedRevision === null) return;
    let tries = 0;
    let stopped = false;
    const ids = key.split(',');
    const timer = setInterval(async () => {
      tries += 1;
      const status = await api<EngineStatusBody>('GET', '/api/v1/engine/status').catch(() => null);
      if (stopped) return;
      if (status?.appliedRevision != null && status.appliedRevision >= report.revision) {
        clearInterval(timer);
        setCurrent({
          ...report,
          applied: true,
          appliedRevision: status.appliedRevision,
          applyMs: status.lastApplyMs ?? null,
          errors: errorsAbout(status.errors, ids),
        });
      } else if (tries >= POLL_TRIES) clearInterval(timer);
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [report, key]);
  return current;
}
