// The steps of an ACME order as they happen: checking DNS and port 80, the account, the
// order, the challenge, the CA's validation, issuance, and serving the certificate.
import type { CertificateView } from '@/core/views/certificate.ts';
import { CheckIcon, XIcon } from '@/components/ui/icons.tsx';

type Step = NonNullable<CertificateView['progress']>['steps'][number];

function seconds(step: Step): string | null {
  if (!step.startedAt || !step.finishedAt) return null;
  const ms = Date.parse(step.finishedAt) - Date.parse(step.startedAt);
  return ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function Marker({ status }: { status: Step['status'] }) {
  if (status === 'done') return <span className="grid size-5 place-items-center rounded-full bg-success text-white"><CheckIcon size={12} /></span>;
  if (status === 'failed') return <span className="grid size-5 place-items-center rounded-full bg-danger text-white"><XIcon size={12} /></span>;
  if (status === 'running') return <span className="block size-5 animate-spin rounded-full border-2 border-accent border-t-transparent" />;
  return <span className="block size-5 rounded-full border-2 border-border" />;
}

const WORDS: Record<Step['status'], string> = { done: 'done', failed: 'failed', running: 'in progress', pending: 'not started' };

export function ProgressSteps({ steps, label }: { steps: Step[]; label: string }) {
  return (
    <ol className="space-y-1.5" aria-label={label}>
      {steps.map((s) => (
        <li key={s.key} className="flex items-start gap-2.5 text-sm" data-step={s.key} data-status={s.status}>
          <span aria-hidden className="mt-px shrink-0">
            <Marker status={s.status} />
          </span>
          <span className="min-w-0 flex-1">
            <span className={s.status === 'pending' ? 'text-muted' : s.status === 'failed' ? 'font-medium text-danger' : ''}>{s.label}</span>
            <span className="sr-only">: {WORDS[s.status]}</span>
            {s.detail ? <span className="block text-xs break-words text-muted">{s.detail}</span> : null}
          </span>
          {seconds(s) ? <span className="shrink-0 text-xs text-muted tabular-nums">{seconds(s)}</span> : null}
        </li>
      ))}
    </ol>
  );
}
