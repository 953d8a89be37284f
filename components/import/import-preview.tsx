'use client';
// What an nginx import would create: hosts with their locations, pools with their
// servers, zones and settings; the directives it could not map, by line; and anything
// that clashes with what exists (which blocks the import as a whole).
import { Alert } from '@/components/ui/alert.tsx';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { describeAction, modifierOf, type PoolOption } from '@/components/hosts/host-form-model.ts';
import { algorithmLabel } from '@/components/pools/pool-form-model.ts';
import type { ImportConflict, ImportWarning, PlannedObjects } from './import-types.ts';
import { plural } from '@/components/ui/plural.ts';

const KINDS: Record<ImportWarning['kind'], { tone: BadgeTone; label: string; title: string }> = {
  unsupported: { tone: 'warning', label: 'not reproduced', title: 'Portico does not reproduce this directive: review what it did' },
  ignored: { tone: 'neutral', label: 'ignored', title: 'Nothing to do in Portico (process tuning, buffers, OS options)' },
  managed: { tone: 'accent', label: 'managed', title: 'Portico handles this itself (certificates, log files, cache storage)' },
  note: { tone: 'neutral', label: 'note', title: 'Mapped; the message explains how' },
};

export function WarningsTable({ warnings, onGoTo }: { warnings: ImportWarning[]; onGoTo(file: string | undefined, line: number, column?: number): void }) {
  if (warnings.length === 0) return <p className="text-sm text-muted">Every directive maps to Portico one to one.</p>;
  const sorted = [...warnings].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
  return (
    <div className="-mx-4 overflow-x-auto sm:-mx-5">
      <table className="w-full text-sm">
        <caption className="sr-only">Directives that did not map one to one, by line</caption>
        <thead className="text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            <th scope="col" className="px-4 py-1.5 font-medium sm:pl-5">Line</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Directive</th>
            <th scope="col" className="px-4 py-1.5 font-medium sm:pr-5">What happens</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((w, i) => (
            <tr key={i} className="border-t border-border align-top">
              <td className="px-4 py-1.5 whitespace-nowrap sm:pl-5">
                <button type="button" onClick={() => onGoTo(w.file, w.line, w.column)} className="font-mono text-xs text-accent hover:underline" aria-label={`Go to line ${w.line}${w.file ? ` of ${w.file}` : ''}`}>
                  {w.file ? `${w.file}:` : ''}
                  {w.line}
                </button>
              </td>
              <td className="px-3 py-1.5 font-mono text-xs">{w.directive}</td>
              <td className="px-4 py-1.5 sm:pr-5">
                <span title={KINDS[w.kind].title}>
                  <Badge tone={KINDS[w.kind].tone}>{KINDS[w.kind].label}</Badge>
                </span>{' '}
                <span className="text-muted">{w.message}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ConflictsAlert({ conflicts }: { conflicts: ImportConflict[] }) {
  if (conflicts.length === 0) return null;
  return (
    <Alert tone="danger" role="alert" title="This import clashes with what exists, so it cannot be applied">
      <ul className="list-disc space-y-0.5 pl-5">
        {conflicts.map((c, i) => (
          <li key={i}>{c.message}</li>
        ))}
      </ul>
      <p className="mt-1">Rename these in the configuration, or delete the existing objects first. Nothing is imported until no clash is left.</p>
    </Alert>
  );
}

export function PlannedObjectsView({ objects, keepDefault = false }: { objects: PlannedObjects; keepDefault?: boolean }) {
  // The plan names pools by their nginx upstream name.
  const pools: PoolOption[] = objects.pools.map((p) => ({ id: p.name, name: p.name, servers: p.servers.length }));
  const settings = Object.keys(objects.settings).filter((k) => !(keepDefault && k === 'unknownHost'));
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap gap-2" aria-label="Objects to create">
        <Badge tone="accent">{plural(objects.hosts.length, 'host')}</Badge>
        <Badge tone="accent">{plural(objects.pools.length, 'pool')}</Badge>
        {objects.cacheZones.length ? <Badge tone="accent">{plural(objects.cacheZones.length, 'cache zone')}</Badge> : null}
        {objects.limitZones.length ? <Badge tone="accent">{plural(objects.limitZones.length, 'limit zone')}</Badge> : null}
        {settings.length ? <Badge tone="accent">settings: {settings.join(', ')}</Badge> : null}
      </div>
      {objects.hosts.length ? (
        <div className="space-y-2">
          <h3 className="text-sm font-medium">Hosts</h3>
          <ul className="space-y-2">
            {objects.hosts.map((h, i) => (
              <li key={i} className="rounded-md border border-border bg-background/50 px-3 py-2">
                <p className="font-medium break-words">
                  {h.serverNames.join(', ')}{' '}
                  {h.entrypoints.map((e) => (
                    <Badge key={e} tone={e === 'https' ? 'accent' : 'neutral'}>
                      {e.toUpperCase()}
                    </Badge>
                  ))}{' '}
                  {h.defaultServer && !keepDefault ? <Badge tone="warning">default server</Badge> : null}
                </p>
                <ul className="mt-1 space-y-0.5 font-mono text-xs text-muted">
                  {h.locations.map((l, j) => (
                    <li key={j} className="break-words">
                      <span className="text-foreground">
                        {modifierOf(l.matchKind)} {l.path}
                      </span>{' '}
                      {describeAction(l.action, pools)}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {objects.pools.length ? (
        <div className="space-y-2">
          <h3 className="text-sm font-medium">Pools</h3>
          <ul className="space-y-2">
            {objects.pools.map((p) => (
              <li key={p.name} className="rounded-md border border-border bg-background/50 px-3 py-2 text-sm">
                <span className="font-mono font-medium">{p.name}</span> <span className="text-muted">· {algorithmLabel(p.algorithm)}</span>
                <p className="mt-0.5 font-mono text-xs break-words text-muted">{p.servers.map((s) => `${s.address}${s.weight !== 1 ? ` weight=${s.weight}` : ''}${s.backup ? ' backup' : ''}${s.down ? ' down' : ''}`).join(', ')}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {objects.cacheZones.length || objects.limitZones.length ? (
        <div className="space-y-1">
          <h3 className="text-sm font-medium">Zones</h3>
          <p className="font-mono text-xs text-muted">{[...objects.cacheZones.map((z) => `cache ${z.name}`), ...objects.limitZones.map((z) => `${z.kind === 'REQUEST' ? 'limit_req' : 'limit_conn'} ${z.name}`)].join(' · ')}</p>
        </div>
      ) : null}
    </div>
  );
}
