// One loaded certificate: its names (from the certificate itself, not the request that
// ordered it), expiry, OCSP responder and a SecureContext built once. Contexts are
// cached by content digest, so a reload that does not change a certificate reuses it.
import { createHash, X509Certificate } from 'node:crypto';
import tls, { type SecureContext } from 'node:tls';
import { TLS_PROFILE } from './defaults.ts';
import { certificateNames, ocspUrlOf, splitPem } from '../../core/tls/x509-fields.ts';

export interface CertificateEntry {
  /** Certificate row id, or "fallback". */
  id: string;
  /** DNS names the certificate covers, lower-case ("*.example.com" for wildcards). */
  names: string[];
  notBefore: number;
  notAfter: number;
  /** sha256 of the leaf DER, hex: the key OCSP responses are cached under. */
  fingerprint: string;
  leaf: X509Certificate;
  issuer: X509Certificate | null;
  /** The OCSP responder from the Authority Information Access extension, if any. */
  ocspUrl: string | null;
  context: SecureContext;
  /** Chain and key as PEM, for a server's base context (clients that send no SNI). */
  certPem: string;
  keyPem: string;
}

export interface CertificateSource {
  id: string;
  /** Leaf first, then the intermediates. */
  certPem: string;
  /** Plain PEM (already opened). */
  keyPem: string;
  /** Names stored with the row, used when the certificate has no DNS SAN. */
  domains: string[];
}

/** Builds the entry; throws with a plain reason (bad PEM, key does not match, ...). */
export function buildEntry(source: CertificateSource, extraContextOptions: tls.SecureContextOptions = {}): CertificateEntry {
  const pems = splitPem(source.certPem);
  if (pems.length === 0) throw new Error('no certificate in the PEM data');
  const leaf = new X509Certificate(pems[0]!);
  const issuer = pems[1] ? new X509Certificate(pems[1]) : null;
  let context: SecureContext;
  try {
    context = tls.createSecureContext({ ...TLS_PROFILE, ...extraContextOptions, cert: pems.join(''), key: source.keyPem });
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(/key values mismatch/i.test(message) ? 'the private key does not belong to the certificate' : `unusable certificate or key: ${message}`);
  }
  const names = certificateNames(leaf);
  return {
    id: source.id,
    names: names.length > 0 ? names : source.domains.map((d) => d.toLowerCase()),
    notBefore: leaf.validFromDate.getTime(),
    notAfter: leaf.validToDate.getTime(),
    fingerprint: createHash('sha256').update(leaf.raw).digest('hex'),
    leaf,
    issuer,
    ocspUrl: ocspUrlOf(leaf),
    context,
    certPem: pems.join(''),
    keyPem: source.keyPem,
  };
}

/** A compile's view of the cache: what it uses; the cache keeps exactly that at `commit`. */
export interface EntryPlan {
  get(source: CertificateSource): CertificateEntry;
  /** The planned runtime is live: entries it does not use are dropped. */
  commit(): void;
}

/** Reuses entries across revisions when certificate and key are unchanged. */
export class EntryCache {
  private entries = new Map<string, CertificateEntry>();

  plan(): EntryPlan {
    const used = new Map<string, CertificateEntry>();
    return {
      get: (source) => {
        const digest = createHash('sha256').update(source.id).update('\0').update(source.certPem).update('\0').update(source.keyPem).digest('hex');
        const entry = used.get(digest) ?? this.entries.get(digest) ?? buildEntry(source);
        used.set(digest, entry);
        return entry;
      },
      commit: () => {
        this.entries = used;
      },
    };
  }
}
