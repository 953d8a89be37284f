// A certificate as the API returns it and the Certificates page shows it (never the key).
import { X509Certificate } from 'node:crypto';
import type { Prisma } from '../db/generated/client.ts';
import { isSelfSigned } from '../tls/pem-validation.ts';
import { parseError, parseProgress } from '../acme/progress.ts';
import { certificateWarnings } from '../acme/renewal-policy.ts';

export const certificateInclude = {
  acmeAccount: { select: { directoryUrl: true, email: true } },
  dnsProvider: { select: { id: true, name: true } },
  hosts: { select: { id: true, serverNames: { select: { name: true }, orderBy: { position: 'asc' }, take: 1 } } },
} satisfies Prisma.CertificateInclude;

export type CertificateRow = Prisma.CertificateGetPayload<{ include: typeof certificateInclude }>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function selfSigned(certPem: string | null): boolean {
  if (!certPem) return false;
  try {
    return isSelfSigned(new X509Certificate(certPem));
  } catch {
    return false;
  }
}

/** The API's view of a certificate (never the key). `detail` adds the public PEM chain. */
export function serializeCertificate(row: CertificateRow, options: { running?: boolean; detail?: boolean } = {}) {
  const error = parseError(row.error);
  const progress = parseProgress(row.progress);
  const status = row.status.toLowerCase() as 'pending' | 'valid' | 'failed' | 'revoked';
  return {
    id: row.id,
    domains: row.domains as string[],
    status,
    ...(status === 'failed' && error ? { error: error.message } : {}),
    ...(row.notBefore ? { notBefore: row.notBefore.toISOString() } : {}),
    ...(row.notAfter ? { notAfter: row.notAfter.toISOString() } : {}),
    source: row.source.toLowerCase() as 'acme' | 'upload',
    issuer: row.issuer,
    /** Issued by itself (an uploaded certificate no CA vouches for). */
    selfSigned: selfSigned(row.certPem),
    directoryUrl: row.acmeAccount?.directoryUrl ?? progress?.directoryUrl ?? null,
    renewAt: iso(row.renewAt),
    lastAttemptAt: iso(row.lastAttemptAt),
    /** The last failure (of the order or of a renewal), with the CA's problem document. */
    lastError: error,
    /** Live steps of the current or last order. */
    progress,
    running: options.running ?? false,
    /** How the CA validates the names; dns-01 through dnsProvider (renewals too). */
    challenge: row.challenge === 'dns-01' ? ('dns-01' as const) : ('http-01' as const),
    dnsProvider: row.dnsProvider ? { id: row.dnsProvider.id, name: row.dnsProvider.name } : null,
    warnings: certificateWarnings({
      status: row.status,
      notAfter: row.notAfter,
      source: row.source,
      failedAttempts: row.status === 'VALID' ? (error?.attempts ?? 0) : 0,
      lastFailure: error?.message ?? null,
      nextAttemptAt: error?.nextAttemptAt ? new Date(error.nextAttemptAt) : null,
    }),
    /** Hosts that pin this certificate (others pick it by name). */
    hosts: row.hosts.map((h) => ({ id: h.id, name: h.serverNames[0]?.name ?? h.id })),
    ...(options.detail && row.certPem ? { certificatePem: `${row.certPem.trim()}\n${row.chainPem ? `${row.chainPem.trim()}\n` : ''}` } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type CertificateView = ReturnType<typeof serializeCertificate>;
