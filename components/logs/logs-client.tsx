'use client';
// The logs page: search the access and error logs, or watch requests live.
import { useState } from 'react';
import { Segmented } from '@/components/forms/choice-fields.tsx';
import { EMPTY_FILTERS, type LogFilters } from './filters.ts';
import { LogSearch } from './log-search.tsx';
import { LogTail } from './log-tail.tsx';

export function LogsClient({ hosts, initial, startLive }: { hosts: string[]; initial: LogFilters; startLive: boolean }) {
  const [mode, setMode] = useState<'search' | 'tail'>(startLive ? 'tail' : 'search');
  // A request id clicked in the tail opens the search for it.
  const [searchFilters, setSearchFilters] = useState(initial);
  const [searchKey, setSearchKey] = useState(0);
  return (
    <div className="space-y-4">
      <Segmented<'search' | 'tail'>
        legend="View"
        hideLegend
        value={mode}
        onChange={setMode}
        options={[
          { value: 'search', label: 'Search' },
          { value: 'tail', label: 'Live tail' },
        ]}
      />
      {mode === 'search' ? (
        <LogSearch key={searchKey} hosts={hosts} initial={searchFilters} />
      ) : (
        <LogTail
          hosts={hosts}
          onRequestId={(id) => {
            setSearchFilters({ ...EMPTY_FILTERS, requestId: id });
            setSearchKey((k) => k + 1);
            setMode('search');
          }}
        />
      )}
    </div>
  );
}
