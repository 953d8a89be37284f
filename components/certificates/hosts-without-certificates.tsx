'use client';
// Hosts that serve HTTPS (or could) with names no certificate covers yet, each with the
// one click that orders a certificate for exactly those names and, once it is issued,
// turns HTTPS on for the host (with the HTTP → HTTPS redirect if ticked).
import Link from 'next/link';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { Badge } from '@/components/ui/badge.tsx';

export interface UncoveredHost {
  id: string;
  name: string;
  https: boolean;
  forceHttps: boolean;
  /** Issuable names no serving certificate covers. */
  uncovered: string[];
  /** All its issuable names (what the order asks for). */
  names: string[];
}

function HostRow({ host, canWrite, busy, onIssue }: { host: UncoveredHost; canWrite: boolean; busy: string | null; onIssue(host: UncoveredHost, redirectHttps: boolean): void }) {
  const [redirect, setRedirect] = useState(false);
  const id = useId();
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 py-2.5 first:pt-0 last:pb-0">
      <div className="min-w-0 flex-1 basis-56">
        <Link href={`/hosts/${host.id}`} className="font-medium break-words hover:text-accent">
          {host.name}
        </Link>{' '}
        {host.https ? <Badge tone="accent">HTTPS</Badge> : <Badge>HTTP only</Badge>}
        <p className="text-xs break-words text-muted">{host.uncovered.join(', ')}</p>
        <p className="text-xs text-muted">{host.https ? 'Served as soon as it is issued.' : 'HTTPS is turned on for this host as soon as the certificate is issued.'}</p>
      </div>
      {canWrite ? (
        <div className="flex flex-wrap items-center gap-3">
          {host.forceHttps ? null : (
            <label htmlFor={id} className="flex items-center gap-2 text-sm">
              <input id={id} type="checkbox" className="size-4 accent-[var(--accent)]" checked={redirect} onChange={(e) => setRedirect(e.target.checked)} />
              Redirect HTTP to HTTPS
            </label>
          )}
          <Button size="sm" onClick={() => onIssue(host, redirect)} disabled={busy !== null} aria-label={`Issue a certificate for ${host.names.join(', ')}`}>
            {busy === host.id ? 'Starting…' : 'Issue certificate'}
          </Button>
        </div>
      ) : null}
    </li>
  );
}

export function HostsWithoutCertificates({ hosts, canWrite, busy, onIssue }: { hosts: UncoveredHost[]; canWrite: boolean; busy: string | null; onIssue(host: UncoveredHost, redirectHttps: boolean): void }) {
  if (hosts.length === 0) return null;
  return (
    <SectionCard id="uncovered" title="Hosts without a certificate" description="Their names have no valid certificate yet. Issuing one orders it for all of the host's names; once it is issued the host serves HTTPS with it.">
      <ul className="divide-y divide-border">
        {hosts.map((h) => (
          <HostRow key={h.id} host={h} canWrite={canWrite} busy={busy} onIssue={onIssue} />
        ))}
      </ul>
    </SectionCard>
  );
}
