'use client';
// Hosts that serve HTTPS (or could) with names no certificate covers yet, each with the
// one click that orders a certificate for exactly those names.
import Link from 'next/link';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { Badge } from '@/components/ui/badge.tsx';

export interface UncoveredHost {
  id: string;
  name: string;
  https: boolean;
  /** Issuable names no serving certificate covers. */
  uncovered: string[];
  /** All its issuable names (what the order asks for). */
  names: string[];
}

export function HostsWithoutCertificates({ hosts, canWrite, busy, onIssue }: { hosts: UncoveredHost[]; canWrite: boolean; busy: string | null; onIssue(host: UncoveredHost): void }) {
  if (hosts.length === 0) return null;
  return (
    <SectionCard id="uncovered" title="Hosts without a certificate" description="Their names have no valid certificate yet. Issuing one orders it for all of the host's names; the host serves it as soon as it is issued.">
      <ul className="divide-y divide-border">
        {hosts.map((h) => (
          <li key={h.id} className="flex flex-wrap items-center justify-between gap-3 py-2.5 first:pt-0 last:pb-0">
            <div className="min-w-0">
              <Link href={`/hosts/${h.id}`} className="font-medium hover:text-accent">
                {h.name}
              </Link>{' '}
              {h.https ? <Badge tone="accent">HTTPS</Badge> : <Badge>HTTP only</Badge>}
              <p className="text-xs break-words text-muted">{h.uncovered.join(', ')}</p>
            </div>
            {canWrite ? (
              <Button size="sm" onClick={() => onIssue(h)} disabled={busy !== null} aria-label={`Issue a certificate for ${h.names.join(', ')}`}>
                {busy === h.id ? 'Starting…' : 'Issue certificate'}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}
