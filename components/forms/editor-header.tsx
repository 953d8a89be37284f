'use client';
// What the object editors (hosts, pools) show above their fields: the header's actions
// (its history in the audit log, delete), and the engine's verdict — on the last save
// when there is one, else on the object as the page found it.
import { Alert } from '@/components/ui/alert.tsx';
import { Button, LinkButton } from '@/components/ui/button.tsx';
import { HistoryIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { ApplyReportView } from './apply-report.tsx';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';
import type { FieldError } from './form-store.tsx';

export function EditorActions({ historyHref, deleteLabel, onDelete }: { historyHref: string | null; deleteLabel: string; onDelete: (() => void) | null }) {
  return (
    <>
      {historyHref ? (
        <LinkButton href={historyHref} variant="ghost" size="sm">
          <HistoryIcon size={14} />
          History
        </LinkButton>
      ) : null}
      {onDelete ? (
        <Button variant="danger-outline" size="sm" onClick={onDelete}>
          <TrashIcon size={14} />
          {deleteLabel}
        </Button>
      ) : null}
    </>
  );
}

/** "where: what", the way every engine error is listed. */
const said = (e: { path: string; message: string }, describe: (path: string) => string) => `${e.path ? `${describe(e.path)}: ` : ''}${e.message}`;

export function EngineVerdict({
  report,
  dirty,
  what,
  describeReported,
  engineErrors,
  disabledTitle,
  describeFound,
}: {
  /** The last save's report; shown while the form holds what was saved. */
  report: ApplyReport | null;
  dirty: boolean;
  what: string;
  describeReported(path: string): string;
  /** The engine's errors when the page was loaded. */
  engineErrors: FieldError[];
  disabledTitle: string;
  describeFound(path: string): string;
}) {
  if (report) return dirty ? null : <ApplyReportView report={report} what={what} describeError={(e) => said(e, describeReported)} />;
  if (engineErrors.length === 0) return null;
  return (
    <Alert tone="danger" role="status" title={disabledTitle}>
      <ul className="list-disc space-y-0.5 pl-5">
        {engineErrors.map((e, i) => (
          <li key={i}>{said(e, describeFound)}</li>
        ))}
      </ul>
    </Alert>
  );
}
