// Before the CA is asked to validate, every authoritative server of the zone must answer
// the TXT values: a CA that asks a server still lacking them fails the order, and the
// authorization with it. Asking a cached resolver instead could say "not there" for the
// negative TTL, or "there" when only one server has it.
import { authoritativeServers, findZone, txtAt } from './zone-lookup.ts';
import { DnsProviderError } from './provider.ts';

export interface PropagationOptions {
  /** Resolvers used to find the zone and its servers' addresses (PORTICO_ACME_DNS_SERVERS); empty: the system's. */
  resolvers: string[];
  timeoutMs: number;
  intervalMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until each authoritative server of the name's zone answers every value; says what was seen when it gives up. */
export async function waitForTxt(name: string, values: string[], options: PropagationOptions): Promise<{ servers: string[] }> {
  const zone = await findZone(name, options.resolvers);
  const servers = await authoritativeServers(zone, options.resolvers);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const answers = await Promise.all(servers.map(async (s) => ({ ...s, ...(await txtAt(s.server, name)) })));
    const missing = answers.filter((a) => !values.every((v) => a.values.includes(v)));
    if (missing.length === 0) return { servers: servers.map((s) => `${s.name} (${s.server})`) };
    if (Date.now() >= deadline) {
      const seen = missing.map((a) => `${a.name} (${a.server}) answered ${a.values.length > 0 ? a.values.map((v) => JSON.stringify(v)).join(', ') : a.error}`).join('; ');
      throw new DnsProviderError(
        'dns_not_propagated',
        `The TXT record ${name} was not visible at every authoritative server of ${zone} after ${Math.round(options.timeoutMs / 1000)} s: ${seen}; expected ${values.map((v) => JSON.stringify(v)).join(', ')}. The provider accepted the record but its servers do not serve it (wrong zone or account?), or they update slowly.`,
      );
    }
    await sleep(options.intervalMs);
  }
}
