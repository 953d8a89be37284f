// Which certificate answers a TLS handshake, by SNI name:
//   1. the certificate a host pins (HostTls.certificateId), for the host the name selects
//      by server_name precedence (exact, wildcard, regex — the same match as routing);
//   2. a certificate naming it exactly, then one whose wildcard covers it ("*.example.com"
//      covers one label, RFC 6125 §6.4.3);
//   3. the default host's pinned certificate, when the name falls to the default server;
//   4. the default certificate: the default https host's, else the self-signed fallback.
// Among several certificates for one name the one valid longest wins (a renewal
// supersedes its predecessor even before the old one is deleted).
import type { SecureContext } from 'node:tls';
import type { HostMatch } from '../../core/config/host-matcher.ts';
import type { CertificateEntry } from './certificate-entry.ts';

export interface HostLookup<H> {
  match(name: string): HostMatch<H> | null;
}

export class CertificateStore<H = unknown> {
  private readonly exact = new Map<string, CertificateEntry>();
  /** "example.com" → the entry for "*.example.com". */
  private readonly wildcard = new Map<string, CertificateEntry>();
  readonly entries: readonly CertificateEntry[];
  readonly defaultEntry: CertificateEntry;
  private readonly hosts: HostLookup<H> | null;
  private readonly pinned: (host: H) => CertificateEntry | null;

  constructor(options: {
    entries: readonly CertificateEntry[];
    fallback: CertificateEntry;
    hosts?: HostLookup<H> | null;
    pinned?: (host: H) => CertificateEntry | null;
    /** The default server's host on the https entrypoint, if any. */
    defaultHost?: H | null;
    defaultHostName?: string | null;
  }) {
    this.entries = options.entries;
    this.hosts = options.hosts ?? null;
    this.pinned = options.pinned ?? (() => null);
    for (const entry of options.entries) {
      for (const name of entry.names) {
        const table = name.startsWith('*.') ? this.wildcard : this.exact;
        const key = name.startsWith('*.') ? name.slice(2) : name;
        const existing = table.get(key);
        if (!existing || entry.notAfter > existing.notAfter) table.set(key, entry);
      }
    }
    const defaultHost = options.defaultHost ?? null;
    this.defaultEntry =
      (defaultHost !== null ? this.pinned(defaultHost) : null) ??
      (options.defaultHostName ? this.byName(options.defaultHostName) : null) ??
      options.fallback;
  }

  private byName(name: string): CertificateEntry | null {
    const exact = this.exact.get(name);
    if (exact) return exact;
    const dot = name.indexOf('.');
    return dot > 0 ? (this.wildcard.get(name.slice(dot + 1)) ?? null) : null;
  }

  /** `servername` as the client sent it in SNI (any case, maybe a trailing dot). */
  entryFor(servername: string | undefined): CertificateEntry {
    if (!servername) return this.defaultEntry;
    const name = servername.toLowerCase().replace(/\.$/, '');
    const match = this.hosts?.match(name) ?? null;
    if (match && match.reason !== 'default') {
      const pinned = this.pinned(match.host);
      if (pinned) return pinned;
    }
    const named = this.byName(name);
    if (named) return named;
    if (match) {
      const pinned = this.pinned(match.host);
      if (pinned) return pinned;
    }
    return this.defaultEntry;
  }

  contextFor(servername: string | undefined): SecureContext {
    return this.entryFor(servername).context;
  }
}
