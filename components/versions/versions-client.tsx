'use client';
// Configuration versions: every applied change, what it changed, any two compared, and
// a rollback to any of them (asked first, then the engine's verdict on it).
import { Fragment, useState, type FormEvent } from 'react';
import { FailureAlert } from '@/components/ui/alert.tsx';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card, SectionCard } from '@/components/ui/card.tsx';
import { ExpandedRow, ExpandToggleCell } from '@/components/ui/expandable-row.tsx';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { api, failureMessage } from '@/components/hooks/api-client.ts';
import { useApplyStatus, type ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { DiffPanel } from './diff-panel.tsx';
import type { VersionView } from '@/core/views/version.ts';
import { RollbackDialog } from './rollback-dialog.tsx';


const SOURCES: Record<string, { tone: BadgeTone; label: string }> = {
  api: { tone: 'neutral', label: 'change' },
  import: { tone: 'accent', label: 'import' },
  rollback: { tone: 'warning', label: 'rollback' },
  restore: { tone: 'warning', label: 'restore' },
};

export function VersionsClient({ initial, appliedRevision, canWrite }: { initial: VersionView[]; appliedRevision: number | null; canWrite: boolean }) {
  const [versions, setVersions] = useState(initial);
  const [more, setMore] = useState(initial.length >= 50);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [from, setFrom] = useState(String(initial[1]?.revision ?? initial[0]?.revision ?? ''));
  const [to, setTo] = useState(String(initial[0]?.revision ?? ''));
  const [target, setTarget] = useState<VersionView | null>(null);
  const [result, setResult] = useState<{ restored: number; apply: ApplyReport } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const report = useApplyStatus(result?.apply ?? null, []);
  const newest = versions[0]?.revision ?? 0;
  // After a rollback the engine's verdict says which revision is live now.
  const live = report?.applied ? report.appliedRevision : appliedRevision;

  async function loadOlder() {
    try {
      const res = await api<{ versions: VersionView[] }>('GET', `/api/v1/versions?limit=50&before=${versions.at(-1)?.revision ?? 0}`);
      setVersions((v) => [...v, ...res.versions]);
      setMore(res.versions.length >= 50);
    } catch (e) {
      setError(failureMessage(e));
    }
  }
  async function reload() {
    const res = await api<{ versions: VersionView[] }>('GET', '/api/v1/versions?limit=50');
    setVersions(res.versions);
    setMore(res.versions.length >= 50);
  }
  function submitCompare(event: FormEvent) {
    event.preventDefault();
    if (from && to) setCompare({ from: Number(from), to: Number(to) });
  }
  const toggle = (rev: number) => setOpen((s) => (s.has(rev) ? new Set([...s].filter((r) => r !== rev)) : new Set(s).add(rev)));

  return (
    <div className="space-y-6">
      {result && report ? (
        <div className="space-y-2">
          <ApplyReportView report={report} what="rolled-back configuration" />
          <p className="text-sm text-muted">Revision {report.revision} restores the configuration of revision {result.restored}.</p>
        </div>
      ) : null}
      <FailureAlert message={error} />
      <SectionCard id="compare" title="Compare two versions" description="Every object that differs, field by field.">
        <form onSubmit={submitCompare} className="flex flex-wrap items-end gap-3" aria-label="Compare two versions">
          {(
            [
              ['compare-from', 'From', from, setFrom],
              ['compare-to', 'To', to, setTo],
            ] as const
          ).map(([id, label, value, set]) => (
            <FieldShell key={id} id={id} label={label} className="w-full sm:w-72">
              {(c) => (
                <Select {...c} value={value} onChange={(e) => set(e.target.value)}>
                  {versions.map((v) => (
                    <option key={v.revision} value={v.revision}>
                      {`${v.revision} · ${v.summary}`.slice(0, 70)}
                    </option>
                  ))}
                </Select>
              )}
            </FieldShell>
          ))}
          <Button type="submit" variant="secondary" disabled={!from || !to || from === to}>
            Compare
          </Button>
        </form>
        {compare ? (
          <div className="mt-4">
            <DiffPanel key={`${compare.from}-${compare.to}`} from={compare.from} to={compare.to} />
          </div>
        ) : null}
      </SectionCard>
      <Card className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Configuration versions, newest first</caption>
          <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
            <tr>
              <th scope="col" className="w-8 px-2 py-2.5"><span className="sr-only">Changes</span></th>
              <th scope="col" className="px-3 py-2.5 font-medium">Revision</th>
              <th scope="col" className="px-3 py-2.5 font-medium">Change</th>
              <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">By</th>
              <th scope="col" className="hidden px-3 py-2.5 font-medium sm:table-cell">When</th>
              <th scope="col" className="px-3 py-2.5 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => {
              const previous = versions[i + 1]?.revision ?? (v.revision > 1 ? v.revision - 1 : null);
              const expanded = open.has(v.revision);
              const source = SOURCES[v.source] ?? { tone: 'neutral' as const, label: v.source };
              return (
                <Fragment key={v.revision}>
                  <tr className="border-b border-border last:border-0">
                    <ExpandToggleCell expanded={expanded} controls={`version-${v.revision}`} label={`Changes in revision ${v.revision}`} onToggle={() => toggle(v.revision)} />
                    <td className="px-3 py-2 font-mono text-[13px] whitespace-nowrap">
                      {v.revision}
                      {v.revision === live ? (
                        <span className="ml-2">
                          <Badge tone="success" dot>
                            live
                          </Badge>
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">
                      <span className="block">{v.summary}</span>
                      <span className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-muted">
                        {v.source === 'api' ? null : <Badge tone={source.tone}>{source.label}</Badge>}
                        <span className="sm:hidden">
                          <RelativeTime iso={v.createdAt} />
                        </span>
                      </span>
                    </td>
                    <td className="hidden max-w-48 truncate px-3 py-2 text-muted md:table-cell">{v.author ?? 'system'}</td>
                    <td className="hidden px-3 py-2 whitespace-nowrap text-muted sm:table-cell">
                      <RelativeTime iso={v.createdAt} />
                    </td>
                    <td className="px-3 py-2 text-right">
                      {canWrite && v.revision !== newest ? (
                        <Button variant="secondary" size="sm" onClick={() => setTarget(v)} aria-label={`Roll back to revision ${v.revision}`}>
                          Roll back
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                  {expanded ? (
                    <ExpandedRow id={`version-${v.revision}`} colSpan={5}>
                      {previous === null ? <p className="text-sm text-muted">The first version: everything in it was added.</p> : <DiffPanel from={previous} to={v.revision} empty="No configuration change (a certificate or another object outside the configuration changed)." />}
                    </ExpandedRow>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </Card>
      {more ? (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={loadOlder}>
            Load older versions
          </Button>
        </div>
      ) : null}
      <RollbackDialog
        target={target}
        current={newest}
        onClose={() => setTarget(null)}
        onDone={(res) => {
          setTarget(null);
          setResult(res);
          void reload().catch(() => undefined);
        }}
      />
    </div>
  );
}
