// The client address bytes ip_hash hashes, as nginx takes them from the socket: the
// first three octets of an IPv4 address (a /24 shares a server), all 16 bytes of IPv6.
// Node reports IPv4 clients of a dual-stack listener as "::ffff:a.b.c.d"; nginx would
// see them on an AF_INET socket, so they count as IPv4 here. Parses into a caller-owned
// buffer so the per-request path does not allocate.

/**
 * Writes the bytes to hash into `out` (16 bytes long) and returns how many to use: 3 for
 * IPv4, 16 for IPv6, 0 for anything else (nginx then hashes three zero bytes).
 */
export function ipHashBytes(address: string, out: Uint8Array): number {
  if (parseIpv4(address, 0, address.length, out, 0)) return 3;
  if (!parseIpv6(address, out)) return 0;
  if (isV4Mapped(out)) {
    out[0] = out[12]!;
    out[1] = out[13]!;
    out[2] = out[14]!;
    return 3;
  }
  return 16;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Dotted quad in s[start, end) into out[at..at+4). */
function parseIpv4(s: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let octet = 0;
  let digits = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else if (c === 46 && digits > 0 && n < 3) {
      out[at + n++] = octet;
      octet = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  if (digits === 0 || n !== 3) return false;
  out[at + 3] = octet;
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function parseIpv6(s: string, out: Uint8Array): boolean {
  let end = s.indexOf('%'); // a zone id ("fe80::1%eth0") is not part of the address
  if (end === -1) end = s.length;
  let pos = 0;
  let bytes = 0; // bytes written
  let gap = -1; // byte index of "::"
  if (s.startsWith('::')) {
    gap = 0;
    pos = 2;
    if (pos === end) {
      out.fill(0);
      return true;
    }
  }
  while (pos < end) {
    if (bytes >= 16) return false;
    let groupEnd = pos;
    while (groupEnd < end && s.charCodeAt(groupEnd) !== 58) groupEnd++;
    const group = groupEnd - pos;
    if (group === 0) return false;
    const dot = s.indexOf('.', pos);
    if (groupEnd === end && dot !== -1 && dot < end) {
      // Embedded IPv4 tail ("::ffff:192.0.2.1").
      if (bytes > 12 || !parseIpv4(s, pos, end, out, bytes)) return false;
      bytes += 4;
      break;
    }
    if (group > 4) return false;
    let value = 0;
    for (let i = pos; i < groupEnd; i++) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) return false;
      value = (value << 4) | h;
    }
    out[bytes++] = value >> 8;
    out[bytes++] = value & 0xff;
    pos = groupEnd;
    if (pos === end) break;
    pos++; // ':'
    if (pos < end && s.charCodeAt(pos) === 58) {
      if (gap !== -1) return false;
      gap = bytes;
      pos++;
    } else if (pos === end) {
      return false; // trailing single ':'
    }
  }
  if (gap === -1) return bytes === 16;
  if (bytes === 16) return false;
  const tail = bytes - gap;
  out.copyWithin(16 - tail, gap, bytes);
  out.fill(0, gap, 16 - tail);
  return true;
}
