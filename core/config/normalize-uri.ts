// The one normalisation of the request target: the path that routing, access rules,
// limits and the upstream all agree on.
//
// Policy (nginx's; ngx_http_parse_complex_uri):
// - every percent-escape is decoded once, "%2F" included: an encoded slash is a
//   separator, because most upstreams decode it, and an access rule must hold for the
//   path as the upstream reads it ("/admin%2Fx" is "/admin/x", "/a/..%2Fadmin" is
//   "/admin"). A decoded "%" ("%25") is not decoded again: "%252F" is "%2F" as data;
// - the result is kept in a canonical spelling: bytes that cannot stand in a path ("%",
//   "?", "#", control characters, space, non-ASCII, what RFC 3986 forbids, "\" which is
//   data on POSIX as in nginx) are written as upper-case escapes, everything else as is;
// - "%00" (or a raw NUL / control byte) and malformed escapes are rejected (400);
// - "." and ".." segments are resolved, after decoding; ".." above the root is rejected
//   (400, as nginx), and so is a path whose dot segments resolve differently when "%2F"
//   is decoded after them or slashes are not merged (two upstreams would read two
//   paths; browsers never send dot segments, they resolve them first);
// - runs of "/" are merged (nginx merge_slashes on), decoded ones too; only in the
//   client's target: nginx takes the URI of an internal redirect (error_page, rewrite,
//   try_files, index, X-Accel-Redirect) as it is, "//" kept (`InternalUri`).
// A second form keeps encoded slashes as "%2F" (data) for the locations that ask for it
// (`keepEncodedSlashes`, see encoded-slashes.ts); it is computed only when the path has
// one, and the decoded form still decides whether the request is valid at all.
// Node gives req.url as latin1 text, so a raw byte ≥ 0x80 is one char; it is encoded.

export interface PathForms {
  /** Every escape decoded once, "%2F" included, then resolved: nginx's $uri, canonically spelt. */
  path: string;
  /** The same path with encoded slashes kept as "%2F" (=== path when there are none). */
  keptPath: string;
}

export type NormalizeResult = ({ ok: true; query: string } & PathForms) | { ok: false; reason: string };

/** How a path is read: a client's target merges runs of "/", an internal redirect's URI does not (nginx). */
export interface PathReading {
  mergeSlashes?: boolean;
}

/** The reading of an internal redirect's URI (nginx's ngx_http_internal_redirect and rewrite). */
export const INTERNAL_URI: Readonly<PathReading> = { mergeSlashes: false };

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

const SLASH = 47;

/**
 * Decodes and re-encodes a raw path into canonical form (no dot-segment handling yet).
 * `keepSlash`: an encoded slash stays "%2F" instead of becoming a separator.
 */
function canonicalEscapes(raw: string, keepSlash: boolean): string | null {
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
      out += byte < 128 && LITERAL[byte] === 1 && !(keepSlash && byte === SLASH) ? String.fromCharCode(byte) : encodeByte(byte);
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

/**
 * Resolves "." and ".." segments; null when ".." climbs above "/". `merge`: runs of "/"
 * are one separator (nginx's merge_slashes); without it an empty segment is a segment,
 * as a WHATWG URL parser sees it ("/a//.." is "/a/").
 */
function resolveSegments(path: string, merge = true): string | null {
  // Fast path: nothing to resolve.
  if (!path.includes('/.') && (!merge || !path.includes('//'))) return path;
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
    } else if (segment === '' && i !== last && merge) {
      continue;
    } else {
      out.push(segment);
    }
  }
  return `/${out.join('/')}`;
}

/** Whether a raw path has an encoded slash ("%2F" or "%2f"). */
function hasEncodedSlash(raw: string): boolean {
  for (let i = raw.indexOf('%2'); i >= 0; i = raw.indexOf('%2', i + 1)) {
    const next = raw.charCodeAt(i + 2);
    if (next === 70 || next === 102) return true;
  }
  return false;
}

/**
 * The kept form of a raw path whose decoded form is `decoded` (escapes only) and `path`
 * (resolved), or null when the readings disagree: dot segments that resolve to another
 * path when they are resolved before "%2F" is decoded or before slashes are merged.
 * "/p/a%2Fb/../c" is "/p/a/c" to an upstream that decodes first and "/p/c" to one that
 * resolves first (a WHATWG URL parser); "/admin//../x" is "/x" to nginx and "/admin/x"
 * to that parser. No single path would be right for access rules then.
 */
function keptForm(rawPath: string, decoded: string, path: string, merge = true): string | null {
  const encodedSlash = hasEncodedSlash(rawPath);
  const escaped = encodedSlash ? canonicalEscapes(rawPath, true)! : decoded;
  if (escaped.includes('/.') && (encodedSlash || escaped.includes('//')) && !resolvesTo(resolveSegments(escaped, false), path, merge)) return null;
  if (!encodedSlash) return path;
  const kept = resolveSegments(escaped, merge);
  return resolvesTo(kept, path, merge) ? kept : null;
}

/** Whether a path resolved in another reading is `path` once its "%2F" are decoded. */
function resolvesTo(resolved: string | null, path: string, merge = true): boolean {
  // In the canonical kept form "%" only starts an escape, so "%2F" is an encoded slash.
  return resolved !== null && resolveSegments(resolved.replaceAll('%2F', '/'), merge) === path;
}

/**
 * Both forms of an origin-form path (must start with "/"); null when it is invalid: a bad
 * escape, NUL, ".." above the root, or readings that disagree (keptForm).
 */
export function normalizePathForms(rawPath: string, reading: PathReading = {}): PathForms | null {
  if (rawPath.charCodeAt(0) !== SLASH) return null;
  const merge = reading.mergeSlashes ?? true;
  const decoded = canonicalEscapes(rawPath, false);
  const path = decoded === null ? null : resolveSegments(decoded, merge);
  if (path === null) return null;
  const keptPath = keptForm(rawPath, decoded!, path, merge);
  return keptPath === null ? null : { path, keptPath };
}

/** The decoded form of an origin-form path (must start with "/"). */
export function normalizePath(rawPath: string): string | null {
  return normalizePathForms(rawPath)?.path ?? null;
}

const INVALID_PATH: NormalizeResult = { ok: false, reason: 'invalid percent-escape, NUL or control character in path, a path that climbs above the root, or one two readings resolve differently' };

/** Splits and normalises a request target ("/path?query"). */
export function normalizeTarget(target: string, reading: PathReading = {}): NormalizeResult {
  const hash = target.indexOf('#');
  const clean = hash >= 0 ? target.slice(0, hash) : target;
  const q = clean.indexOf('?');
  const rawPath = q >= 0 ? clean.slice(0, q) : clean;
  const query = q >= 0 ? clean.slice(q + 1) : '';
  if (rawPath.charCodeAt(0) !== SLASH) return { ok: false, reason: 'request target must start with "/"' };
  for (let i = 0; i < query.length; i++) {
    const code = query.charCodeAt(i);
    if (code < 32 || code === 127) return { ok: false, reason: 'control character in query string' };
  }
  const decoded = canonicalEscapes(rawPath, false);
  const merge = reading.mergeSlashes ?? true;
  const path = decoded === null ? null : resolveSegments(decoded, merge);
  const keptPath = path === null ? null : keptForm(rawPath, decoded!, path, merge);
  if (keptPath === null) return INVALID_PATH;
  return { ok: true, path: path!, keptPath, query };
}

/**
 * Canonical form of a configured prefix/exact location path (same rules as requests, so
 * a "%2F" in it is a "/").
 * Requests arrive as bytes (one char per byte); a configured path is text, so non-ASCII
 * characters become their UTF-8 bytes first, as nginx compares bytes ("/café/" matches
 * a request for /caf%C3%A9/). A "//" stays: nginx compares the path as written, so such a
 * location only matches an internal redirect's URI (a client's slashes are merged).
 */
export function canonicalLocationPath(path: string): string {
  const bytes = /[^\x00-\x7f]/.test(path) ? Buffer.from(path, 'utf8').toString('latin1') : path;
  return normalizePathForms(bytes, INTERNAL_URI)?.path ?? path;
}

/**
 * nginx's $uri from a canonical path: every escape decoded to its byte (one char per byte,
 * as Node reads raw bytes), which is what regex locations, rewrites and `$uri` see in
 * nginx ("/a%20b" is "/a b", "/caf%C3%A9" is "/café" in UTF-8 bytes, "/100%25" is "/100%").
 * Two kinds of escape stay: "%2F", which only the kept form of a path holds (an encoded
 * slash kept as data), and control bytes (CR, LF, …), which nginx would put raw into a
 * Location or a header: the well-known header injection through `$uri`.
 */
export function decodedUri(canonical: string): string {
  if (!canonical.includes('%')) return canonical;
  return canonical.replace(/%([0-9A-F]{2})/g, (escape, hex: string) => {
    const byte = parseInt(hex, 16);
    return byte === SLASH || byte < 32 || byte === 127 ? escape : String.fromCharCode(byte);
  });
}

/** The canonical spelling of decoded bytes (decodedUri's inverse): what cannot stand in a path, "%" included, as an escape. */
export function encodePathBytes(decoded: string): string {
  let out = '';
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    out += code < 128 && LITERAL[code] === 1 ? decoded[i] : encodeByte(code & 255);
  }
  return out;
}

/**
 * Configured text as nginx reads it: bytes. Non-ASCII letters become their UTF-8 bytes,
 * one char each, like the decoded URI and header values (a regex then matches bytes, as
 * PCRE does in nginx; a template's output is written byte for byte).
 */
export function utf8Bytes(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}
