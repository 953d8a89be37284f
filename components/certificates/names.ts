// Which of a host's names a certificate can be ordered for, and which names a
// certificate covers (uploaded ones may hold wildcards). Pure functions.
import type { CertificateView } from '@/core/views/certificate.ts';

/** Names an ACME order (HTTP-01) can cover: no wildcards, regexes, IP addresses or single labels. */
export function issuableNames(serverNames: readonly string[]): string[] {
  return serverNames.filter((n) => !n.startsWith('~') && !n.includes('*') && !n.startsWith('.') && n.includes('.') && !/^[\d.]+$/.test(n) && !n.startsWith('['));
}

export function covers(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return name.endsWith(suffix) && !name.slice(0, -suffix.length).includes('.');
  }
  return false;
}

/** Certificates that serve (or are being ordered): a revoked or failed one covers nothing. */
export function coveringCertificates(certificates: readonly CertificateView[], name: string): CertificateView[] {
  return certificates.filter((c) => (c.status === 'valid' || (c.status === 'pending' && c.running)) && c.domains.some((d) => covers(d, name)));
}
