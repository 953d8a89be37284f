'use client';
// What the engine made of a save, said plainly: applied (and how fast), applied with this
// object's errors, or not applied yet. Never a success message for a change not serving.
import { Alert } from '@/components/ui/alert.tsx';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';

export function ApplyReportView({ report, what, describeError }: { report: ApplyReport; what: string; describeError?(error: ApplyReport['errors'][number]): string }) {
  if (report.applied && report.errors.length === 0) {
    return (
      <Alert tone="success" role="status" title={`Saved and applied${report.applyMs != null ? ` in ${Math.max(1, Math.round(report.applyMs))} ms` : ''}`}>
        The engine is serving revision {report.appliedRevision} with this {what}.
        {report.healthGate ? (
          <>
            {' '}
            The health gate watches the traffic for {report.healthGate.watchSeconds} s and rolls back on a regression: see{' '}
            <a href="/versions#health-gate" className="font-medium underline underline-offset-2">
              Versions
            </a>
            .
          </>
        ) : null}
      </Alert>
    );
  }
  if (report.applied) {
    return (
      <Alert tone="danger" role="alert" title={`Saved, but the engine rejected part of this ${what}`}>
        <p>Revision {report.revision} is live; what is listed here is disabled until it is fixed:</p>
        <ul className="mt-1.5 list-disc space-y-0.5 pl-5">
          {report.errors.map((e, i) => (
            <li key={i}>{describeError ? describeError(e) : `${e.path ? `${e.path}: ` : ''}${e.message}`}</li>
          ))}
        </ul>
      </Alert>
    );
  }
  if (report.appliedRevision === null) {
    return (
      <Alert tone="warning" role="alert" title={`Saved as revision ${report.revision}, not applied`}>
        The proxy engine is not running, so traffic has not changed yet. It applies the saved configuration when it starts.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" role="status" title={`Saved as revision ${report.revision}; waiting for the engine`}>
      The engine still serves revision {report.appliedRevision}. This updates when it applies the change.
    </Alert>
  );
}
