'use client';
// Import & export: bring an nginx configuration in, restore a backup, or take the
// configuration out. The tab is kept in the URL.
import { useState } from 'react';
import { Segmented } from '@/components/forms/choice-fields.tsx';
import { ExportCard } from './export-card.tsx';
import { JsonRestore } from './json-restore.tsx';
import { NginxImport } from './nginx-import.tsx';

export type ImportTab = 'nginx' | 'restore' | 'export';

export function ImportClient({ tab: initialTab, canWrite, isAdmin, hosts }: { tab: ImportTab; canWrite: boolean; isAdmin: boolean; hosts: { id: string; name: string }[] }) {
  const [tab, setTab] = useState(initialTab);
  return (
    <div className="space-y-6">
      <Segmented<ImportTab>
        legend="What to do"
        hideLegend
        value={tab}
        onChange={(next) => {
          setTab(next);
          window.history.replaceState(null, '', next === 'nginx' ? '/import' : `/import?tab=${next}`);
        }}
        options={[
          { value: 'nginx', label: 'Import nginx' },
          { value: 'restore', label: 'Restore a backup' },
          { value: 'export', label: 'Export' },
        ]}
      />
      {tab === 'nginx' ? <NginxImport canWrite={canWrite} /> : tab === 'restore' ? <JsonRestore isAdmin={isAdmin} /> : <ExportCard hosts={hosts} isAdmin={isAdmin} />}
    </div>
  );
}
