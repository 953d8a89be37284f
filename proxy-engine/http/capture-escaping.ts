// What nginx puts in place of a regex capture. The one rule: captures and $uri hold the
// decoded URI's bytes, as in nginx (one char per byte: "/a%20b" gives "a b", "/caf%C3%A9"
// the two UTF-8 bytes of "é", "/100%25" gives "100%"), because regex locations, rewrites
// and `if` match the decoded URI (core/config/normalize-uri.ts decodedUri; only an encoded
// slash kept as data and control bytes stay escapes there). Nothing decodes a capture
// again; where a capture is written decides its escaping (ngx_http_script_copy_capture_code):
// - in a rewrite's new path: spelt canonically (encodePathBytes: "%" → "%25", space →
//   "%20", …), so that reading the new path gives back the same bytes (rewrite-path.ts);
// - in a rewrite's arguments (after a typed "?") and anywhere in a redirecting rewrite:
//   escaped with NGX_ESCAPE_ARGS (space # % & + ; ? " < > \ ^ ` { | }, controls and
//   non-ASCII) when the client's path had an escape or a "+" (nginx's quoted_uri,
//   plus_in_uri), else raw; a redirect's URL is then unescaped once (unescapeRedirect);
// - anywhere else (return, headers, proxy_pass, alias): raw bytes, written byte for byte.
import type { RequestContext } from '../runtime/types.ts';
import { encodePathBytes } from '../../core/config/normalize-uri.ts';

const ARGS_ESCAPED = new Set([...' #%&+;?"<>\\^`{|}'].map((c) => c.charCodeAt(0)));

function escapeArgs(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    out += code < 0x20 || code >= 0x7f || ARGS_ESCAPED.has(code) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : raw[i];
  }
  return out;
}

/** nginx's quoted_uri || plus_in_uri: the client's path had "%" or "+". */
function clientQuoted(ctx: RequestContext): boolean {
  const uri = ctx.requestUri ?? '';
  const end = uri.search(/[?#]/);
  const path = end < 0 ? uri : uri.slice(0, end);
  return path.includes('%') || path.includes('+');
}

export type CaptureFilter = (raw: string, ctx: RequestContext) => string;

/** A capture in a rewrite's arguments, or anywhere in a redirecting rewrite. */
export const captureInArgs: CaptureFilter = (raw, ctx) => (clientQuoted(ctx) ? escapeArgs(raw) : raw);

/** A capture in a new path (rewrite-path.ts): its bytes spelt canonically. */
export const captureAsPath: CaptureFilter = (raw) => encodePathBytes(raw);

const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * nginx's NGX_UNESCAPE_REDIRECT over a redirecting rewrite's URL: escapes of bytes above
 * "%" and below DEL are decoded, others kept; at the first "?", typed or decoded, the rest
 * is kept as it is.
 */
export function unescapeRedirect(url: string): string {
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const c = url[i]!;
    if (c === '?') return out + url.slice(i);
    if (c !== '%' || !HEX.test(url.slice(i + 1, i + 3))) {
      out += c;
      continue;
    }
    const code = parseInt(url.slice(i + 1, i + 3), 16);
    if (code === 0x3f) return `${out}?${url.slice(i + 3)}`;
    out += code > 0x25 && code < 0x7f ? String.fromCharCode(code) : url.slice(i, i + 3);
    i += 2;
  }
  return out;
}
