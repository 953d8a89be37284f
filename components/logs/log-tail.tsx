'use client';
// The live tail: requests as they complete, newest on top, bounded to the last 500.
// Pausing freezes what is shown (lines keep arriving underneath, and are counted).
import { useMemo, useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { PauseIcon, PlayIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { useLogTail, type AccessEntry } from '@/components/hooks/use-log-tail.ts';
import { StreamBadge } from '@/components/live/stream-badge.tsx';
import { AccessTable } from './access-table.tsx';
import { noun, plural } from '@/components/ui/plural.ts';
import { HostFilter } from '@/components/hosts/host-filter.tsx';

const MAX_LINES = 500;
const TAILING = { text: 'Tailing', title: 'Each request appears here as it completes' };

export function LogTail({ hosts, onRequestId }: { hosts: string[]; onRequestId(id: string): void }) {
  const [host, setHost] = useState('');
  const [paused, setPaused] = useState(false);
  const { entries, dropped, status, clear } = useLogTail(host, MAX_LINES);
  const frozen = useRef<AccessEntry[]>([]);
  if (!paused) frozen.current = entries;
  const shown = paused ? frozen.current : entries;
  const newer = useMemo(() => (paused ? entries.indexOf(frozen.current[0]!) : 0), [paused, entries]);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <HostFilter id="tail-host" value={host} onChange={setHost} hosts={hosts} className="w-full sm:w-64" />
        <Button variant="secondary" onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? <PlayIcon size={14} /> : <PauseIcon size={14} />}
          {paused ? 'Resume' : 'Pause'}
        </Button>
        <Button variant="ghost" onClick={clear} disabled={entries.length === 0}>
          <TrashIcon size={14} />
          Clear
        </Button>
        <span className="ml-auto self-center">
          {paused ? (
            <span role="status" aria-live="polite">
              <Badge tone="warning" dot>
                Paused{newer > 0 ? ` · ${newer} newer` : ''}
              </Badge>
            </span>
          ) : (
            <StreamBadge status={status} live={TAILING} />
          )}
        </span>
      </div>
      {dropped > 0 ? <p className="text-sm text-warning">{plural(dropped, 'line')} {noun(dropped, 'was')} skipped because they arrived faster than this page could take them.</p> : null}
      <Card>
        {shown.length === 0 ? (
          <p className="px-4 py-10 text-center text-sm text-muted">Waiting for requests{host ? ` to ${host}` : ''}… Each request through the proxy appears here as it completes.</p>
        ) : (
          <AccessTable entries={shown} onRequestId={onRequestId} caption="Requests as they complete, newest first" />
        )}
      </Card>
      <p className="text-xs text-muted">The newest {MAX_LINES} lines are kept. Search the log for anything older.</p>
    </div>
  );
}
