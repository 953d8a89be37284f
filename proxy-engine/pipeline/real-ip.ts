// The client address (nginx realip module): the TCP peer, unless the peer is a trusted
// proxy; then the address its header names. With recursion (real_ip_recursive on), the
// rightmost address that is not itself a trusted proxy.
import { isIP } from 'node:net';

export function realClientAddress(
  peer: string,
  headerValue: string | undefined,
  isTrusted: (address: string) => boolean,
  recursive: boolean,
): { address: string; trustedPeer: boolean } {
  if (!isTrusted(peer)) return { address: peer, trustedPeer: false };
  if (!headerValue) return { address: peer, trustedPeer: true };
  const parts = headerValue.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return { address: peer, trustedPeer: true };
  if (!recursive) {
    const last = stripPort(parts[parts.length - 1]!);
    return { address: isIP(last) ? last : peer, trustedPeer: true };
  }
  for (let i = parts.length - 1; i >= 0; i--) {
    const candidate = stripPort(parts[i]!);
    if (!isIP(candidate)) return { address: peer, trustedPeer: true };
    if (!isTrusted(candidate) || i === 0) return { address: candidate, trustedPeer: true };
  }
  return { address: peer, trustedPeer: true };
}

function stripPort(value: string): string {
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(1, end) : value;
  }
  const colon = value.indexOf(':');
  return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.slice(0, colon) : value;
}

/** "::ffff:127.0.0.1" → "127.0.0.1", as nginx reports IPv4 clients on dual-stack sockets. */
export function normalizePeerAddress(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
