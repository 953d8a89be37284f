// The engine's long-lived TLS state, created once at start: the sealed-key opener, the
// context cache kept across reloads, the self-signed fallback and the OCSP stapler.
import { EntryCache, type CertificateEntry } from './certificate-entry.ts';
import type { TlsCompileDeps } from './compile-tls.ts';
import { ensureFallbackCertificate } from './fallback-certificate.ts';
import { OcspStapler } from './ocsp-stapler.ts';
import { secretBoxFor } from '../../core/tls/secret-box.ts';

export interface EngineTls {
  compileDeps: TlsCompileDeps;
  fallback: CertificateEntry;
  stapler: OcspStapler;
  /** What the control API reports: served certificates and their staples. */
  status(certificates: readonly CertificateEntry[]): {
    id: string;
    names: string[];
    notAfter: string;
    fingerprint: string;
    ocsp: { stapled: boolean; lastError: string | null } | null;
  }[];
  stop(): void;
}

export function createEngineTls(dataDir: string): EngineTls {
  const box = secretBoxFor(dataDir);
  const fallback = ensureFallbackCertificate(dataDir);
  const stapler = new OcspStapler();
  return {
    fallback,
    stapler,
    compileDeps: {
      openKey: (stored) => box.open(stored),
      cache: new EntryCache(),
      fallback,
      onCompiled: (entries) => stapler.track(entries),
    },
    status(certificates) {
      const staples = new Map(stapler.status().map((s) => [s.fingerprint, s]));
      return certificates.map((c) => {
        const staple = staples.get(c.fingerprint);
        return {
          id: c.id,
          names: c.names,
          notAfter: new Date(c.notAfter).toISOString(),
          fingerprint: c.fingerprint,
          ocsp: staple ? { stapled: staple.stapled, lastError: staple.lastError } : null,
        };
      });
    },
    stop: () => stapler.stop(),
  };
}
