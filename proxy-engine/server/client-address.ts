// The address a connection counts against for per-address connection limits. Today the
// TCP peer; a listener that learns the client's address another way (the PROXY protocol,
// a trusted proxy in front) supplies it here, and every per-address limit follows.
import { isIPv6 } from 'node:net';
import { normalizePeerAddress } from '../pipeline/real-ip.ts';

export interface AddressedSocket {
  remoteAddress?: string | undefined;
}

/**
 * IPv4 clients count by address ("::ffff:a.b.c.d" is the IPv4 address); IPv6 clients by
 * their /64, the block one subscriber is given, so one host cannot multiply itself over
 * the addresses of its own network.
 */
export function connectionAddress(socket: AddressedSocket): string {
  const peer = normalizePeerAddress(socket.remoteAddress);
  return isIPv6(peer) ? ipv6Slash64(peer) : peer;
}

/** "2001:db8:1:2:a:b:c:d" → "2001:db8:1:2::/64". */
export function ipv6Slash64(address: string): string {
  const bare = address.split('%')[0]!;
  const [head, tail] = bare.split('::') as [string, string | undefined];
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const front = groupsOf(head);
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - groupsOf(tail).length)).fill('0'), ...groupsOf(tail)];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
