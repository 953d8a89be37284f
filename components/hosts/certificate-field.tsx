'use client';
// Which certificate a host serves on HTTPS: chosen by name (SNI) among the valid ones,
// which is the default and renews by itself, or one pinned certificate.
import Link from 'next/link';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { covers } from '@/components/certificates/names.ts';

export interface CertificateOption {
  id: string;
  domains: string[];
  status: 'pending' | 'valid' | 'failed' | 'revoked';
  notAfter: string | null;
}

const DATE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

export function CertificateField({ certificates, hostId }: { certificates: CertificateOption[]; hostId: string | null }) {
  const form = useForm();
  const path = 'tls.certificateId';
  const value = form.get(path);
  const selected = typeof value === 'string' ? value : '';
  const names = ((form.get('serverNames') as string[] | undefined) ?? []).filter((n) => !n.startsWith('~'));
  const byName = names.filter((n) => certificates.some((c) => c.status === 'valid' && c.domains.some((d) => covers(d, n))));
  const uncovered = names.filter((n) => !byName.includes(n) && !n.includes('*'));
  const options = certificates.filter((c) => c.status === 'valid' || c.id === selected);
  const hint = selected
    ? 'Served for every name of this host, even those it does not list (browsers then warn).'
    : names.length === 0
      ? 'Add a server name first.'
      : uncovered.length === 0
        ? 'Every name of this host has a valid certificate.'
        : `No valid certificate covers ${uncovered.join(', ')} yet.`;
  return (
    <div className="space-y-2">
      <FieldShell id={form.domId(path)} label="Certificate" hint={hint} error={form.error(path)}>
        {(control) => (
          <Select {...control} value={selected} disabled={form.readOnly} onChange={(e) => form.set(path, e.target.value === '' ? null : e.target.value)} onBlur={() => form.touch(path)}>
            <option value="">Automatic: the valid certificate matching each name</option>
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {`${c.domains.join(', ')}${c.notAfter ? ` (until ${DATE.format(new Date(c.notAfter))})` : ''}${c.status !== 'valid' ? ` — ${c.status}` : ''}`.slice(0, 120)}
              </option>
            ))}
          </Select>
        )}
      </FieldShell>
      {!form.readOnly && !selected && uncovered.length > 0 && hostId ? (
        <Link href={`/certificates?issue=${hostId}`} className="inline-block text-sm text-accent hover:underline">
          Issue a certificate for this host&apos;s names
        </Link>
      ) : null}
    </div>
  );
}
