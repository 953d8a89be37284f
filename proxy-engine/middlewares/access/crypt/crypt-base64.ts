// The base-64 alphabet of crypt(3) ("./0-9A-Za-z") and its little-endian packing of three
// bytes into four characters, shared by MD5-crypt, SHA-crypt and DES crypt.
export const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `count` characters for the 24-bit value b2·2¹⁶ + b1·2⁸ + b0, lowest six bits first. */
export function base64From24(b2: number, b1: number, b0: number, count: number): string {
  let word = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < count; i++) {
    out += ITOA64[word & 0x3f];
    word >>>= 6;
  }
  return out;
}

/** The digest written as crypt(3) does: three bytes at a time, in the order `groups` gives. */
export function base64Groups(digest: Uint8Array, groups: readonly (readonly [number, number, number])[]): string {
  return groups.map(([a, b, c]) => base64From24(digest[a]!, digest[b]!, digest[c]!, 4)).join('');
}

/** Bytes as yescrypt and scrypt write them: three bytes, lowest first, per four characters (fewer at the end). */
export function encodeBytesLittleEndian(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    let value = 0;
    let bits = 0;
    for (let k = 0; k < 3 && i + k < bytes.length; k++, bits += 8) value |= bytes[i + k]! << bits;
    for (let b = 0; b < bits; b += 6, value >>>= 6) out += ITOA64[value & 0x3f];
  }
  return out;
}

/** The salt of an MD5- or SHA-crypt setting: up to `max` characters, ending at "$". */
export function cryptSalt(rest: string, max: number): string | null {
  const end = rest.search(/[$:\n]/);
  // libxcrypt refuses a salt cut by ":" or a newline (they would break a passwd line).
  if (end >= 0 && rest[end] !== '$') return null;
  return (end < 0 ? rest : rest.slice(0, end)).slice(0, max);
}

/** Lets other requests run during a long key stretch (SHA-crypt allows 10⁹ rounds). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
