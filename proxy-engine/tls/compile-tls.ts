// Compiles the valid certificates of a snapshot into the certificate store of a runtime.
// One unusable certificate is left out with its error; everything else serves. Pure: the
// entry cache and OCSP stapling learn the revision's certificates at `commit`.
import type { CertificateRef } from '../../core/config/snapshot.ts';
import type { HostMatcher } from '../../core/config/host-matcher.ts';
import type { CompiledHost } from '../runtime/types.ts';
import type { ObjectError } from '../../core/contract/status.ts';
import type { CertificateEntry, EntryCache } from './certificate-entry.ts';
import { CertificateStore } from './certificate-store.ts';
import type { CompiledTls } from '../runtime/types.ts';

export interface TlsCompileDeps {
  /** Opens a stored (sealed) private key. */
  openKey(stored: string): string;
  cache: EntryCache;
  /** The self-signed certificate served when nothing else fits. */
  fallback: CertificateEntry;
  /** Told about the certificates of every committed revision (OCSP stapling). */
  onCompiled?(entries: readonly CertificateEntry[]): void;
}


export function compileTls(
  certificates: readonly CertificateRef[],
  hosts: readonly CompiledHost[],
  httpsHosts: HostMatcher<CompiledHost>,
  deps: TlsCompileDeps,
  errors: ObjectError[],
): { tls: CompiledTls; commit(): void } {
  const cache = deps.cache.plan();
  const byId = new Map<string, CertificateEntry>();
  for (const cert of certificates) {
    try {
      const entry = cache.get({ id: cert.id, certPem: cert.certPem, keyPem: deps.openKey(cert.keyPem), domains: cert.domains });
      byId.set(cert.id, entry);
    } catch (error) {
      errors.push({ objectType: 'certificate', objectId: cert.id, name: cert.domains[0] ?? cert.id, path: '', message: (error as Error).message });
    }
  }

  const pins = new Map<CompiledHost, CertificateEntry>();
  for (const host of hosts) {
    const id = host.config.tls.certificateId;
    if (!id || !host.entrypoints.has('https')) continue;
    const entry = byId.get(id);
    if (entry) pins.set(host, entry);
    else {
      errors.push({
        objectType: 'host',
        objectId: host.id,
        name: host.primaryName,
        path: 'tls.certificateId',
        message: `certificate ${id} is not valid (pending, failed, revoked or unusable); a certificate is chosen by name instead`,
      });
    }
  }
  const defaultHost = hosts.find((h) => h.config.defaultServer && h.entrypoints.has('https')) ?? null;
  const entries = [...byId.values()];
  const tls = new CertificateStore<CompiledHost>({
    entries,
    fallback: deps.fallback,
    hosts: httpsHosts,
    pinned: (host) => pins.get(host) ?? null,
    defaultHost,
    defaultHostName: defaultHost?.primaryName ?? null,
  });
  return {
    tls,
    commit() {
      cache.commit();
      deps.onCompiled?.(entries);
    },
  };
}
