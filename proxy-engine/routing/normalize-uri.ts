// The one normalisation of the request target. Its result is used for routing, access
// rules, the cache key and forwarding alike, so a path can never mean one thing to the
// matcher and another to the upstream ("/a/%2e%2e/admin" is "/admin" everywhere).
//
// Policy (nginx's where nginx has one):
// - percent-escapes are decoded, except where decoding would change the path's
//   structure or produce bytes that cannot stand in a path: "%2F" stays "%2F" (an
//   encoded slash is data, not a separator — nginx decodes it; we do not, so
//   "/a%2F..%2Fadmin" cannot climb), "%25", "%3F", "%23" stay encoded, as do
//   control characters, space, non-ASCII bytes and the characters RFC 3986 forbids in
//   a path; every remaining escape is upper-cased;
// - "%00" (or a raw NUL / control byte) and malformed escapes are rejected (400);
// - "." and ".." segments are resolved; ".." above the root is rejected (400, as nginx);
// - runs of "/" are merged (nginx merge_slashes on).
// Node gives req.url as latin1 text, so a raw byte ≥ 0x80 is one char; it is encoded.

export type NormalizeResult = { ok: true; path: string; query: string } | { ok: false; reason: string };

// Characters that may appear literally in a canonical path (RFC 3986 pchar minus '%').
const LITERAL = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/") {
  LITERAL[ch.charCodeAt(0)] = 1;
}
const HEX = '0123456789ABCDEF';

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function encodeByte(byte: number): string {
  return `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

/** Decodes and re-encodes a raw path into canonical form (no dot-segment handling yet). */
function canonicalEscapes(raw: string): string | null {
  let out = '';
  let plainStart = 0;
  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (code === 37 /* % */) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return null;
      const byte = hi * 16 + lo;
      if (byte === 0) return null;
      out += raw.slice(plainStart, i);
      out += byte < 128 && LITERAL[byte] === 1 && byte !== 47 ? String.fromCharCode(byte) : encodeByte(byte);
      i += 3;
      plainStart = i;
      continue;
    }
    if (code < 32 || code === 127 || code > 255) return null;
    if (code >= 128 || LITERAL[code] !== 1) {
      out += raw.slice(plainStart, i) + encodeByte(code);
      plainStart = i + 1;
    }
    i++;
  }
  return plainStart === 0 ? raw : out + raw.slice(plainStart);
}

/** Resolves "." and ".." segments and merges slashes; null when ".." climbs above "/". */
function resolveSegments(path: string): string | null {
  // Fast path: nothing to resolve.
  if (!path.includes('//') && !path.includes('/.')) return path;
  const segments = path.split('/');
  const out: string[] = [];
  const last = segments.length - 1;
  for (let i = 1; i <= last; i++) {
    const segment = segments[i]!;
    if (segment === '..') {
      if (out.length === 0) return null;
      out.pop();
      if (i === last) out.push('');
    } else if (segment === '.') {
      if (i === last) out.push('');
    } else if (segment === '' && i !== last) {
      continue;
    } else {
      out.push(segment);
    }
  }
  return `/${out.join('/')}`;
}

/** Normalises an origin-form path (must start with "/"). */
export function normalizePath(rawPath: string): string | null {
  if (rawPath.charCodeAt(0) !== 47) return null;
  const escaped = canonicalEscapes(rawPath);
  return escaped === null ? null : resolveSegments(escaped);
}

/** Splits and normalises a request target ("/path?query"). */
export function normalizeTarget(target: string): NormalizeResult {
  const hash = target.indexOf('#');
  const clean = hash >= 0 ? target.slice(0, hash) : target;
  const q = clean.indexOf('?');
  const rawPath = q >= 0 ? clean.slice(0, q) : clean;
  const query = q >= 0 ? clean.slice(q + 1) : '';
  if (rawPath.charCodeAt(0) !== 47) return { ok: false, reason: 'request target must start with "/"' };
  for (let i = 0; i < query.length; i++) {
    const code = query.charCodeAt(i);
    if (code < 32 || code === 127) return { ok: false, reason: 'control character in query string' };
  }
  const escaped = canonicalEscapes(rawPath);
  if (escaped === null) return { ok: false, reason: 'invalid percent-escape, NUL or control character in path' };
  const path = resolveSegments(escaped);
  if (path === null) return { ok: false, reason: 'path climbs above the root' };
  return { ok: true, path, query };
}

/**
 * Canonical form of a configured prefix/exact location path (same rules as requests).
 * Requests arrive as bytes (one char per byte); a configured path is text, so non-ASCII
 * characters become their UTF-8 bytes first, as nginx compares bytes ("/café/" matches
 * a request for /caf%C3%A9/).
 */
export function canonicalLocationPath(path: string): string {
  const bytes = /[^\x00-\x7f]/.test(path) ? Buffer.from(path, 'utf8').toString('latin1') : path;
  return normalizePath(bytes) ?? path;
}
