// Certificates for streams that terminate TLS: the valid certificates of the applied
// configuration (the same store rows as the HTTPS entrypoint), chosen by the client's SNI
// name — exact name, then wildcard — or a pinned one.
import type tls from 'node:tls';
import type { CertificateRef } from '../../core/config/snapshot.ts';
import { buildEntry, type CertificateEntry } from '../tls/certificate-entry.ts';

export interface StreamCertificates {
  /** The context for a server name; null when no certificate can serve. */
  contextFor(serverName: string | null, pinnedId: string | null): tls.SecureContext | null;
  has(id: string): boolean;
  readonly count: number;
}

export function loadStreamCertificates(certificates: readonly CertificateRef[], openKey: (stored: string) => string): StreamCertificates {
  const entries: CertificateEntry[] = [];
  for (const cert of certificates) {
    try {
      entries.push(buildEntry({ id: cert.id, certPem: cert.certPem, keyPem: openKey(cert.keyPem), domains: cert.domains }));
    } catch {
      // The HTTPS entrypoint reports an unusable certificate; a stream just cannot pick it.
    }
  }
  const byName = (name: string) => entries.find((e) => e.names.includes(name)) ?? entries.find((e) => e.names.includes(`*.${name.slice(name.indexOf('.') + 1)}`));
  return {
    count: entries.length,
    has: (id) => entries.some((e) => e.id === id),
    contextFor(serverName, pinnedId) {
      const pinned = pinnedId === null ? undefined : entries.find((e) => e.id === pinnedId);
      const entry = pinned ?? (serverName ? byName(serverName.toLowerCase()) : undefined) ?? entries[0];
      return entry?.context ?? null;
    },
  };
}
