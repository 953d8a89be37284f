// What the DNS-01 order asks of a DNS provider: put a TXT value at a name, and take it away
// again. Every kind (RFC 2136, a DNS host's API, a command) implements these two; a
// failure is a DnsProviderError whose message a user can act on.

export interface TxtRecord {
  /** The record's name, e.g. "_acme-challenge.example.com" (no trailing dot). */
  name: string;
  /** The key authorization digest the CA expects. */
  value: string;
  /** The zone apex the name lives in, when already known (e.g. "example.com"). */
  zone?: string | undefined;
}

export interface DnsProviderClient {
  /** Adds the value to the name's TXT records (other values stay: a wildcard and its apex share a name). */
  set(record: TxtRecord): Promise<void>;
  /** Removes exactly this value; removing a value that is not there is not an error. */
  clear(record: TxtRecord): Promise<void>;
}

export type DnsFailureCode = 'dns_credentials' | 'dns_zone_not_found' | 'dns_provider_error' | 'dns_not_propagated';

/** A provider or propagation failure, in words a user can act on. */
export class DnsProviderError extends Error {
  readonly code: DnsFailureCode;
  constructor(code: DnsFailureCode, message: string) {
    super(message);
    this.name = 'DnsProviderError';
    this.code = code;
  }
}

/** The TTL of challenge records: short, so a stale value does not linger in resolvers. */
export const CHALLENGE_TTL_SECONDS = 60;

/** The zones a name may live in, longest first: "a.b.example.com" → b.example.com, example.com, com. */
export function candidateZones(name: string): string[] {
  const labels = name.replace(/\.$/, '').toLowerCase().split('.');
  const zones: string[] = [];
  for (let i = 1; i < labels.length; i++) zones.push(labels.slice(i).join('.'));
  return zones;
}
