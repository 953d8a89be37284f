// DNS lookups the DNS-01 order makes: the zone a name lives in (the nearest name with an
// SOA), its authoritative servers, and the TXT values one server holds. Each query uses
// a fresh resolver: c-ares caches answers per channel, and a propagation check must see
// the server's answer now, not a remembered NXDOMAIN.
import dns from 'node:dns';
import net from 'node:net';
import { candidateZones, DnsProviderError } from './provider.ts';
import { splitHostPort } from './dns-transport.ts';

function resolverFor(servers: string[]): dns.promises.Resolver {
  const resolver = new dns.promises.Resolver({ timeout: 3000, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}

/** "host:port" with a host name made an address (c-ares takes addresses only). */
export async function serverAddress(server: string): Promise<string> {
  const { host, port } = splitHostPort(server);
  const address = net.isIP(host) ? host : (await dns.promises.lookup(host)).address;
  return net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

const MAX_CNAME_HOPS = 8;

/**
 * Where a record name really lives: `_acme-challenge.example.com` may be a CNAME to a
 * zone made for validation (a delegation, as with acme-dns); the CA follows it, so the
 * TXT record is written at the end of the chain. A name without a CNAME is itself.
 */
export async function followCname(name: string, servers: string[]): Promise<string> {
  let current = name;
  for (let hop = 0; hop < MAX_CNAME_HOPS; hop++) {
    const targets = await resolverFor(servers).resolveCname(current).catch(() => [] as string[]);
    if (targets.length === 0) return current;
    current = targets[0]!.replace(/\.$/, '').toLowerCase();
  }
  throw new DnsProviderError('dns_zone_not_found', `${name} is a chain of more than ${MAX_CNAME_HOPS} CNAME records (a loop?); point it at the validation name directly.`);
}

/** The zone apex `name` lives in, asking `servers` (the system's resolvers when empty). */
export async function findZone(name: string, servers: string[]): Promise<string> {
  const candidates = [name.toLowerCase(), ...candidateZones(name)];
  const seen: string[] = [];
  for (const candidate of candidates) {
    try {
      const soa = await resolverFor(servers).resolveSoa(candidate);
      if (soa) return candidate;
    } catch (error) {
      seen.push(`${candidate}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const where = servers.length > 0 ? servers.join(', ') : 'the system resolvers';
  throw new DnsProviderError('dns_zone_not_found', `No DNS zone holding ${name} was found at ${where} (no SOA record for ${candidates.join(', ')}; ${seen.join('; ')}). Check that the domain's zone is hosted by this provider.`);
}

export interface AuthoritativeServer {
  name: string;
  /** "address:53", ready for a resolver. */
  server: string;
}

/** The zone's NS names and their addresses, looked up through `servers`. */
export async function authoritativeServers(zone: string, servers: string[]): Promise<AuthoritativeServer[]> {
  let names: string[];
  try {
    names = await resolverFor(servers).resolveNs(zone);
  } catch (error) {
    throw new DnsProviderError('dns_zone_not_found', `The NS records of the zone ${zone} could not be looked up (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const found: AuthoritativeServer[] = [];
  for (const ns of names) {
    const [v4, v6] = await Promise.all([resolverFor(servers).resolve4(ns).catch(() => [] as string[]), resolverFor(servers).resolve6(ns).catch(() => [] as string[])]);
    for (const address of v4) found.push({ name: ns, server: `${address}:53` });
    for (const address of v6) found.push({ name: ns, server: `[${address}]:53` });
  }
  if (found.length === 0) throw new DnsProviderError('dns_zone_not_found', `The authoritative servers of ${zone} (${names.join(', ') || 'no NS records'}) have no addresses in DNS.`);
  return found;
}

/** The TXT values `server` answers for `name` right now, or the reason it gave none. */
export async function txtAt(server: string, name: string): Promise<{ values: string[]; error: string | null }> {
  try {
    const records = await resolverFor([server]).resolveTxt(name);
    return { values: records.map((parts) => parts.join('')), error: null };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { values: [], error: code === 'ENOTFOUND' ? 'NXDOMAIN' : code === 'ENODATA' ? 'no TXT records' : (code ?? (error as Error).message) };
  }
}
