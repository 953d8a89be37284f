// Reads the server name (SNI) of a TLS ClientHello without terminating TLS (nginx's
// ssl_preread). Only what routing needs is parsed: the handshake may span several TLS
// records, and anything that is not a ClientHello is "not TLS", never an exception.
export type HelloResult =
  | { kind: 'incomplete' }
  | { kind: 'hello'; serverName: string | null }
  | { kind: 'not-tls' };

/** A ClientHello larger than this is not waited for (nginx reads at most 16 KB too). */
export const MAX_HELLO_BYTES = 16 * 1024;

/** The handshake bytes of the leading handshake records, or null when the bytes are not TLS handshake records. */
function handshakeBytes(data: Buffer): { bytes: Buffer; complete: boolean } | null {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 5 <= data.length) {
    if (data[offset] !== 0x16 || data[offset + 1] !== 0x03) return null;
    const length = data.readUInt16BE(offset + 3);
    if (length === 0 || length > 16384 + 2048) return null;
    if (offset + 5 + length > data.length) {
      parts.push(data.subarray(offset + 5));
      return { bytes: Buffer.concat(parts), complete: false };
    }
    parts.push(data.subarray(offset + 5, offset + 5 + length));
    offset += 5 + length;
    const joined = Buffer.concat(parts);
    // The handshake message's own length says when it is whole.
    if (joined.length >= 4 && joined.length >= 4 + joined.readUIntBE(1, 3)) return { bytes: joined, complete: true };
  }
  if (data.length > 0 && data[0] !== 0x16) return null;
  return { bytes: Buffer.concat(parts), complete: false };
}

export function parseClientHello(data: Buffer): HelloResult {
  const handshake = handshakeBytes(data);
  if (handshake === null) return { kind: 'not-tls' };
  const hs = handshake.bytes;
  if (hs.length >= 1 && hs[0] !== 0x01) return { kind: 'not-tls' };
  if (!handshake.complete) return data.length > MAX_HELLO_BYTES ? { kind: 'not-tls' } : { kind: 'incomplete' };
  const end = 4 + hs.readUIntBE(1, 3);
  try {
    let p = 4 + 2 + 32; // version, random
    p += 1 + hs[p]!; // session id
    p += 2 + hs.readUInt16BE(p); // cipher suites
    p += 1 + hs[p]!; // compression methods
    if (p + 2 > end) return { kind: 'hello', serverName: null };
    const extensionsEnd = p + 2 + hs.readUInt16BE(p);
    p += 2;
    while (p + 4 <= extensionsEnd && p + 4 <= end) {
      const type = hs.readUInt16BE(p);
      const length = hs.readUInt16BE(p + 2);
      p += 4;
      if (type === 0) {
        // server_name: a list of (type, length, name); type 0 is a host name.
        let q = p + 2;
        const listEnd = p + 2 + hs.readUInt16BE(p);
        while (q + 3 <= listEnd) {
          const nameType = hs[q]!;
          const nameLength = hs.readUInt16BE(q + 1);
          if (nameType === 0) {
            const name = hs.toString('latin1', q + 3, q + 3 + nameLength);
            return { kind: 'hello', serverName: /^[\x21-\x7e]+$/.test(name) ? name.toLowerCase().replace(/\.$/, '') : null };
          }
          q += 3 + nameLength;
        }
        return { kind: 'hello', serverName: null };
      }
      p += length;
    }
    return { kind: 'hello', serverName: null };
  } catch {
    return { kind: 'not-tls' };
  }
}
