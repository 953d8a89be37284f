// The client address that sign-in throttling, sessions and the audit log record. It is the
// TCP peer, unless the peer is a proxy the operator listed in PORTICO_TRUSTED_PROXIES: then
// X-Forwarded-For is walked from the right past trusted hops, as nginx's realip module does
// with real_ip_recursive on. Every hop must parse as an IP address, so header text never
// becomes an address (this file is imported by scripts/dashboard-server.ts too: Node built-ins
// only, no path aliases).
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  has(address: string): boolean;
}

const NOBODY: TrustedProxies = { has: () => false };

/**
 * One address in its canonical spelling, or null when `text` is not an address: IPv4 in
 * dotted decimal, IPv6 compressed and lower-case, IPv4-mapped IPv6 (`::ffff:1.2.3.4`,
 * `::ffff:102:304`, `0:0:0:0:0:ffff:…`) as the IPv4 address it maps, so every spelling of
 * one client lands in one bucket. With `port`, `1.2.3.4:80` and `[::1]:80` are accepted
 * (some proxies write the client's port into X-Forwarded-For).
 */
export function canonicalAddress(text: string, options: { port?: boolean } = {}): string | null {
  let value = text.trim();
  if (options.port) {
    const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value);
    const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(value);
    if (bracketed) value = bracketed[1]!;
    else if (v4WithPort) value = v4WithPort[1]!;
  }
  const family = isIP(value);
  if (family === 4) return value;
  // Zone ids ("fe80::1%eth0") name an interface of the sender, not a client.
  if (family !== 6 || value.includes('%')) return null;
  // The WHATWG URL parser is the canonical IPv6 serialiser (RFC 5952 compression).
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1]!, 16);
  const low = parseInt(mapped[2]!, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** PORTICO_TRUSTED_PROXIES: comma-separated addresses and CIDRs; empty trusts nobody. */
export function parseTrustedProxies(value: string | undefined): { proxies: TrustedProxies; errors: string[] } {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return { proxies: NOBODY, errors: [] };
  const list = new BlockList();
  const errors: string[] = [];
  for (const entry of entries) {
    const [addressText, prefixText, ...rest] = entry.split('/');
    const address = canonicalAddress(addressText!);
    const family = address === null ? 0 : isIP(address);
    // A mapped address written in IPv6 form ("::ffff:10.0.0.0/104") becomes its IPv4 network.
    const mappedOffset = family === 4 && isIP(addressText!.trim()) === 6 ? 96 : 0;
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) + mappedOffset : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    const bits = prefix - mappedOffset;
    if (address === null || rest.length > 0 || !(bits >= 0 && bits <= (family === 4 ? 32 : 128))) {
      errors.push(`"${entry}" is not an IP address or CIDR (e.g. 127.0.0.1, 10.0.0.0/8, ::1, fd00::/8)`);
      continue;
    }
    list.addSubnet(address, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  return { proxies: { has: (address) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6') }, errors };
}

/**
 * The client's address. `forwardedFor` is every X-Forwarded-For value of the request (Node
 * joins repeated headers with commas). An unparsable hop ends the walk at the last address
 * known good, as nginx does; when every hop is trusted, the leftmost one is the client.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  // The kernel's peer address may carry a zone (link-local); the address alone is the client.
  let address = canonicalAddress((peer ?? '').replace(/%.*$/, ''));
  if (address === null) return 'unknown';
  if (!trusted.has(address) || forwardedFor === undefined) return address;
  const hops = [forwardedFor].flat().join(',').split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalAddress(hops[i]!, { port: true });
    if (hop === null) return address;
    address = hop;
    if (!trusted.has(hop)) return hop;
  }
  return address;
}
