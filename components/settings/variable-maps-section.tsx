// The configuration's `map` blocks, shown read-only as nginx writes them: maps come from
// an nginx import (or the API); editing them here would need an editor of its own.
import type { VariableMap } from '@/core/config/variable-maps.ts';
import { SectionCard } from '@/components/ui/card.tsx';
import { plural } from '@/components/ui/plural.ts';

function keyText(entry: VariableMap['entries'][number]): string {
  if (entry.match === 'regex') return `~${entry.key}`;
  if (entry.match === 'regexCaseless') return `~*${entry.key}`;
  return entry.key === '' ? "''" : entry.key;
}

function MapBlock({ map }: { map: VariableMap }) {
  const lines = [
    ...(map.hostnames ? ['hostnames;'] : []),
    ...(map.volatile ? ['volatile;'] : []),
    ...(map.default !== '' ? [`default ${map.default};`] : []),
    ...map.entries.map((e) => `${keyText(e)} ${e.value === '' ? "''" : e.value};`),
  ];
  return (
    <div>
      <p className="text-sm">
        <code className="font-mono">${map.variable}</code> from <code className="font-mono">{map.source}</code>{' '}
        <span className="text-muted">({plural(map.entries.length, 'entry')})</span>
      </p>
      <pre className="mt-1 overflow-x-auto rounded-md border border-border bg-background px-3 py-2 font-mono text-xs">{lines.map((line) => `    ${line}`).join('\n') || '    (no entries: always empty)'}</pre>
    </div>
  );
}

export function VariableMapsSection({ maps }: { maps: readonly VariableMap[] }) {
  if (maps.length === 0) return null;
  return (
    <SectionCard id="variable-maps" title="Variable maps" description="Variables every host and location may read, from the nginx configuration's map blocks (read-only here: import the nginx configuration again to change them).">
      <div className="space-y-4">
        {maps.map((map) => (
          <MapBlock key={map.variable} map={map} />
        ))}
      </div>
    </SectionCard>
  );
}
