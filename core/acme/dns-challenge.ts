// The DNS-01 side of an order: each pending authorization's TXT value written through the
// certificate's DNS provider, every authoritative server of the zone seen answering all
// of them before the CA is asked, and the records taken away again afterwards (after a
// failure too). A wildcard and its apex ("*.example.com", "example.com") share the name
// _acme-challenge.example.com with two values: both are added, each removed alone.
import type { DnsProviderClient, TxtRecord } from '../dns/provider.ts';
import { DnsProviderError } from '../dns/provider.ts';
import { waitForTxt } from '../dns/propagation.ts';
import { followCname } from '../dns/zone-lookup.ts';
import { AcmeFailureError, type StepKey } from './problems.ts';

export function challengeRecordName(identifier: string): string {
  return `_acme-challenge.${identifier.replace(/^\*\./, '').replace(/\.$/, '')}`;
}

/** A provider failure as an order failure, at the step where it happened. */
export function dnsFailure(error: unknown, step: StepKey, domain: string): unknown {
  if (error instanceof DnsProviderError) return new AcmeFailureError({ code: error.code, step, domain, message: error.message });
  return error;
}

export interface DnsChallengeSession {
  /** Records written so far (what cleanUp removes). */
  readonly written: TxtRecord[];
  /** Writes one authorization's value. */
  present(identifier: string, value: string): Promise<void>;
  /** Waits until every written value is served by the zone's authoritative servers. */
  awaitPropagation(options: { resolvers: string[]; timeoutMs: number; intervalMs?: number }): Promise<string[]>;
  /** Removes every written value; failures are returned, not thrown (the order's outcome stands). */
  cleanUp(): Promise<string[]>;
}

/** `resolvers`: PORTICO_ACME_DNS_SERVERS (empty: the system's), for following a delegating CNAME. */
export function dnsChallengeSession(provider: DnsProviderClient, resolvers: string[]): DnsChallengeSession {
  const written: TxtRecord[] = [];
  return {
    written,
    async present(identifier, value) {
      try {
        const record = { name: await followCname(challengeRecordName(identifier), resolvers), value };
        await provider.set(record);
        written.push(record);
      } catch (error) {
        throw dnsFailure(error, 'challenge', identifier);
      }
    },
    async awaitPropagation({ resolvers, timeoutMs, intervalMs = 2000 }) {
      const byName = new Map<string, string[]>();
      for (const r of written) byName.set(r.name, [...(byName.get(r.name) ?? []), r.value]);
      // Every name waits at once: the order takes as long as the slowest zone, not their sum.
      const seen = await Promise.all(
        [...byName].map(([name, values]) =>
          waitForTxt(name, values, { resolvers, timeoutMs, intervalMs }).catch((error: unknown) => {
            throw dnsFailure(error, 'challenge', name.replace(/^_acme-challenge\./, ''));
          }),
        ),
      );
      return [...new Set(seen.flatMap((s) => s.servers))];
    },
    async cleanUp() {
      const failures: string[] = [];
      for (const record of written.splice(0)) {
        await provider.clear(record).catch((error: unknown) => failures.push(`${record.name}: ${(error as Error).message}`));
      }
      return failures;
    },
  };
}
