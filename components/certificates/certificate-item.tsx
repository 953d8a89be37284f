'use client';
// One certificate: what it covers, its state, when it expires and renews, who pins it,
// its warnings, and while an order runs its live progress (or the failure, in words).
import Link from 'next/link';
import type { CertificateView } from '@/core/views/certificate.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Badge, type BadgeTone } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Card } from '@/components/ui/card.tsx';
import { RefreshIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';
import { useServerClock } from '@/components/ui/server-clock.tsx';
import { ProgressSteps } from './progress-steps.tsx';

const STATUS: Record<CertificateView['status'], { tone: BadgeTone; label: string }> = {
  valid: { tone: 'success', label: 'Valid' },
  pending: { tone: 'accent', label: 'Ordering' },
  failed: { tone: 'danger', label: 'Failed' },
  revoked: { tone: 'neutral', label: 'Revoked' },
};

export function CertificateItem({ cert, canWrite, onRenew, onRevoke, onDelete }: { cert: CertificateView; canWrite: boolean; onRenew(): void; onRevoke(): void; onDelete(): void }) {
  const now = useServerClock();
  const status = cert.running && cert.status === 'valid' ? { tone: 'accent' as const, label: 'Renewing' } : STATUS[cert.status];
  const title = cert.domains.join(', ');
  const showProgress = cert.progress && cert.progress.steps.length > 0 && (cert.running || cert.status === 'failed' || cert.status === 'pending');
  return (
    <Card className="p-4" aria-label={`Certificate for ${title}`} role="group">
      <div className="flex flex-wrap items-start justify-between gap-3">
        {/* A basis, so on a phone the actions wrap below the names instead of squeezing them. */}
        <div className="min-w-0 flex-1 basis-64">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={status.tone} dot>
              {status.label}
            </Badge>
            <h3 className="font-medium break-words">{title}</h3>
          </div>
          <p className="mt-1 text-xs text-muted">
            {cert.source === 'upload' ? 'Uploaded' : cert.challenge === 'dns-01' ? `ACME · DNS-01${cert.dnsProvider ? ` via ${cert.dnsProvider.name}` : ''}` : 'ACME'}
            {cert.selfSigned ? ' · self-signed (browsers warn unless told to trust it)' : cert.issuer ? ` · ${cert.issuer}` : ''}
            {cert.notAfter ? (
              <>
                {' '}
                · {Date.parse(cert.notAfter) < now() ? 'expired' : 'expires'} <RelativeTime iso={cert.notAfter} />
              </>
            ) : null}
            {cert.renewAt && cert.status === 'valid' ? (
              <>
                {' '}
                · renews <RelativeTime iso={cert.renewAt} />
              </>
            ) : null}
          </p>
          {cert.hosts.length ? (
            <p className="mt-1 text-xs text-muted">
              Pinned by{' '}
              {cert.hosts.map((h, i) => (
                <span key={h.id}>
                  {i ? ', ' : ''}
                  <Link href={`/hosts/${h.id}`} className="text-accent hover:underline">
                    {h.name}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
        </div>
        {canWrite ? (
          <div className="flex flex-wrap gap-2">
            {cert.source === 'acme' && cert.status !== 'revoked' && !cert.running ? (
              <Button variant="secondary" size="sm" onClick={onRenew} aria-label={cert.status === 'failed' ? `Try again to issue the certificate for ${title}` : `Renew the certificate for ${title}`}>
                <RefreshIcon size={14} />
                {cert.status === 'failed' ? 'Try again' : 'Renew'}
              </Button>
            ) : null}
            {/* Revocation goes through the CA that issued it, with the ACME account that ordered it. */}
            {cert.source === 'acme' && cert.status === 'valid' && !cert.running ? (
              <Button variant="ghost" size="sm" onClick={onRevoke} aria-label={`Revoke the certificate for ${title}`}>
                Revoke
              </Button>
            ) : null}
            {!cert.running ? (
              <Button variant="danger-outline" size="sm" onClick={onDelete} aria-label={`Delete the certificate for ${title}`}>
                <TrashIcon size={14} />
                Delete
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {cert.warnings.length ? (
        <div className="mt-3">
          <Alert tone="warning">
            {cert.warnings.map((w) => (
              <p key={w}>{w}</p>
            ))}
          </Alert>
        </div>
      ) : null}
      {showProgress ? (
        <div className="mt-4 grid gap-4 md:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
          <div role="status" aria-live="polite">
            <ProgressSteps steps={cert.progress!.steps} label={`Progress of the order for ${title}`} />
          </div>
          {cert.lastError && !cert.running ? (
            <div className="self-start">
            <Alert tone="danger" role="alert" title={`${cert.status === 'failed' ? 'The certificate could not be issued' : 'The last renewal failed'}${cert.lastError.attempts > 1 ? ` (${cert.lastError.attempts} attempts)` : ''}`}>
              <p>{cert.lastError.message}</p>
              {cert.lastError.problem ? (
                <details className="mt-2 text-xs">
                  <summary className="cursor-pointer text-muted">What the CA said</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-background/60 p-2 font-mono whitespace-pre-wrap">{JSON.stringify(cert.lastError.problem, null, 2)}</pre>
                </details>
              ) : null}
            </Alert>
            </div>
          ) : cert.running ? (
            <p className="text-sm text-muted">The CA validates each name over HTTP on port 80 of this server. This usually takes a few seconds; this page follows it live.</p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
