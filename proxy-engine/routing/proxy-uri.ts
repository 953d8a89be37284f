// The request target the upstream receives (never re-serialised by a URL library).
// proxy_pass rules, as nginx (ngx_http_proxy_create_request):
// - no URI part: the request target as the client sent it ($request_uri, without a
//   fragment, a raw "\" escaped): routing and access rules decided on its decoded,
//   resolved path, and normalisation refused the targets that two upstreams could
//   resolve to two different paths, so the upstream may read it its own way;
// - with a URI part (even "/"): the matched location prefix of the normalised path is
//   replaced by it, and the query string appended as the client sent it;
// - after a rewrite or an internal redirect changed the path, the normalised path is
//   passed whole.
// The normalised path is the location's form of it: decoded ("%2F" sent as "/"), or with
// "%2F" kept for a location that keeps encoded slashes.

export interface UpstreamPathSource {
  /** The normalised path the location sees. */
  path: string;
  query: string;
  /** The request target as sent (origin form). */
  requestUri: string;
  matchedPrefix: string;
  rewritten: boolean;
  internalRedirects: number;
}

// A path sent as the client sent it, except for bytes outside visible ASCII (an HTTP/2
// :path may carry them; they cannot go on a request line) and "\", sent as "%5C":
// Portico reads a backslash as data (as nginx on POSIX does), a WHATWG URL parser (Deno,
// Bun, `new URL()` in Node) would read it as "/", and so reach another location.
const UNSAFE = /[^\x21-\x5b\x5d-\x7e]/;

function requestLinePath(path: string): string {
  if (!UNSAFE.test(path)) return path;
  let out = '';
  for (const char of path) {
    const code = char.charCodeAt(0);
    if (code > 0x20 && code < 0x7f && code !== 0x5c) out += char;
    else if (code > 0xff) out += encodeURIComponent(char);
    else out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// How nginx spells a path it sends from $uri (a URI part, or after a rewrite): when the
// client's path had an escape ("%") or the URI changed inside nginx, escaped with its
// NGX_ESCAPE_URI table, which leaves "[" and "]" raw; otherwise raw as decoded, so the
// characters a client typed raw ("{", "|", "^", …) go out raw. The canonical path escapes
// all of those; here they are unescaped again, except "\\" (kept "%5C": a WHATWG URL
// parser reads a raw one as "/") and non-ASCII bytes (kept escaped on the request line).
const RAW_WHEN_ESCAPED = /%(5B|5D)/g;
const RAW_WHEN_TYPED = /%(22|3C|3E|5B|5D|5E|60|7B|7C|7D)/g;

function asNginxSendsIt(canonical: string, escaped: boolean): string {
  if (!canonical.includes('%')) return canonical;
  return canonical.replace(escaped ? RAW_WHEN_ESCAPED : RAW_WHEN_TYPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** nginx's quoted_uri: the client's path (not its query) had a "%". */
function clientEscaped(requestUri: string): boolean {
  const end = requestUri.search(/[?#]/);
  return (end < 0 ? requestUri : requestUri.slice(0, end)).includes('%');
}

export function upstreamTarget(source: UpstreamPathSource, uri: string | null): string {
  const changed = source.rewritten || source.internalRedirects > 0;
  if (uri === null && !changed) {
    const hash = source.requestUri.indexOf('#');
    const raw = hash >= 0 ? source.requestUri.slice(0, hash) : source.requestUri;
    const q = raw.indexOf('?');
    return q >= 0 ? requestLinePath(raw.slice(0, q)) + raw.slice(q) : requestLinePath(raw);
  }
  const escaped = changed || clientEscaped(source.requestUri);
  let target = asNginxSendsIt(source.path, escaped);
  if (uri !== null && !source.rewritten && source.matchedPrefix !== '' && source.path.startsWith(source.matchedPrefix)) {
    target = uri + asNginxSendsIt(source.path.slice(source.matchedPrefix.length), escaped);
  }
  return source.query === '' ? target : `${target}?${source.query}`;
}
