// The overview's certificate card: what needs attention (failed, expiring, renewal
// trouble), else when the next one expires.
import Link from 'next/link';
import type { CertificateView } from '@/core/views/certificate.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { LinkButton } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { CheckIcon } from '@/components/ui/icons.tsx';
import { RelativeTime } from '@/components/ui/relative-time.tsx';

const SOON_MS = 30 * 86_400_000;

export function CertificatesCard({ certificates, now }: { certificates: CertificateView[]; now: number }) {
  const attention = certificates.filter((c) => c.status === 'failed' || c.warnings.length > 0 || (c.status === 'valid' && c.notAfter && Date.parse(c.notAfter) - now < SOON_MS));
  const valid = certificates.filter((c) => c.status === 'valid' && c.notAfter).sort((a, b) => a.notAfter!.localeCompare(b.notAfter!));
  return (
    <SectionCard id="certificates" title="Certificates" description="Expiring soon or failing to renew." actions={<LinkButton href="/certificates" variant="ghost" size="sm">Certificates</LinkButton>}>
      {certificates.length === 0 ? (
        <p className="text-sm text-muted">
          No certificates yet. <Link href="/certificates" className="text-accent hover:underline">Issue one</Link> for a host&apos;s names with Let&apos;s Encrypt in one click, or upload your own.
        </p>
      ) : attention.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-muted">
          <CheckIcon className="text-success" />
          {valid.length} valid{valid[0] ? <> · the next expires <RelativeTime iso={valid[0].notAfter!} /></> : null}
        </p>
      ) : (
        <ul className="divide-y divide-border text-sm">
          {attention.slice(0, 6).map((c) => (
            <li key={c.id} className="flex items-start justify-between gap-3 py-2 first:pt-0 last:pb-0">
              <span className="min-w-0">
                <span className="block truncate font-medium">{c.domains.join(', ')}</span>
                <span className="block text-xs text-muted">{c.status === 'failed' ? (c.error ?? 'The order failed') : (c.warnings[0] ?? 'Expires soon')}</span>
              </span>
              {c.status === 'failed' ? (
                <Badge tone="danger">Failed</Badge>
              ) : c.notAfter ? (
                <Badge tone="warning">
                  expires <RelativeTime iso={c.notAfter} />
                </Badge>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
