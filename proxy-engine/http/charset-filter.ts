// nginx's charset header filter (ngx_http_charset_filter_module, without recoding): the
// Content-Type of an answer gets "; charset=…" when its type is in charset_types, and a
// proxied answer that names its own charset keeps it unless override_charset says
// otherwise. The Content-Type is held as nginx holds it (the type, the length of its
// part before a charset parameter, the charset) so that every branch of nginx's filter
// gives the same header, odd ones included (a redirect loses its charset, two unknown
// charsets compare by prefix, a charset nginx never heard of is not replaced).
// A location's (or a host's) policy is compiled with the location (compileCharsetFilter,
// called by runtime/compile-location.ts and runtime/compile.ts); an answer only applies it.
import type { CharsetPolicy } from '../../core/config/charset.ts';
import { isCharsetVariable } from '../../core/config/charset.ts';
import type { HostConfig } from '../../core/config/host.ts';
import type { CharsetFilter, RequestContext, ResponseOrigin } from '../runtime/types.ts';
import { hostCaptureNames } from './capture-names.ts';
import { compileTemplate } from './variables.ts';

/** r->headers_out's content_type, content_type_len and charset. */
interface ContentType {
  type: string;
  /** Length of the type before a charset parameter (the whole type when it has none). */
  typeLength: number;
  charset: string;
}

/** ngx_http_upstream_copy_content_type: a proxied type's charset parameter, as nginx finds it. */
export function upstreamContentType(value: string): ContentType {
  let p = 0;
  while (p < value.length) {
    if (value[p] !== ';') {
      p++;
      continue;
    }
    const semicolon = p;
    p++;
    while (value[p] === ' ') p++;
    if (p >= value.length) break;
    if (value.slice(p, p + 8).toLowerCase() !== 'charset=') continue;
    let start = p + 8;
    if (value[start] === '"') start++;
    let end = value.length;
    if (value[end - 1] === '"') end--;
    return { type: value, typeLength: semicolon, charset: value.slice(start, Math.max(start, end)) };
  }
  return { type: value, typeLength: value.length, charset: '' };
}

function contentTypeHeader(ct: ContentType): string {
  return ct.typeLength === ct.type.length && ct.charset !== '' ? `${ct.type}; charset=${ct.charset}` : ct.type;
}

const knownByHost = new WeakMap<HostConfig, ReadonlySet<string>>();

/** nginx's charset list is global; a host's charsets stand for it (what its answers can meet). */
function knownCharsets(host: HostConfig): ReadonlySet<string> {
  let known = knownByHost.get(host);
  if (known) return known;
  const names = new Set<string>();
  const add = (policy: CharsetPolicy | undefined) => {
    for (const name of [policy?.charset, policy?.sourceCharset]) {
      if (name !== undefined && name !== 'off' && !isCharsetVariable(name)) names.add(name.toLowerCase());
    }
  };
  add(host.policies.charset);
  for (const location of host.locations) add(location.policies.charset);
  known = names;
  knownByHost.set(host, known);
  return known;
}

/** The filter of a location's (or, for answers made before a location matched, a host's) effective policy; null: no charset is added. */
export function compileCharsetFilter(policy: CharsetPolicy | undefined, host: HostConfig): CharsetFilter | null {
  if (policy === undefined || policy.charset === 'off') return null;
  const scope = { captureNames: hostCaptureNames(host) };
  return {
    charset: compileTemplate(policy.charset, scope),
    source: policy.sourceCharset === undefined ? null : compileTemplate(policy.sourceCharset, scope),
    override: policy.override,
    types: policy.types.includes('*') ? null : new Set(['text/html', ...policy.types.map((t) => t.toLowerCase())]),
    known: knownCharsets(host),
  };
}

/** A value nginx would put in the header, unless Node would refuse it (a variable holding a line break). */
function headerSafe(name: string): string {
  return /^[\t\x20-\x7e]*$/.test(name) ? name : '';
}

/** nginx's decision for one answer; `ct` is changed in place. */
function applyCharset(filter: CharsetFilter, ctx: RequestContext, status: number, ct: ContentType): void {
  if (ct.type === '') return;
  if (ct.charset !== '') {
    if (!filter.override) return;
  } else if (filter.types !== null && !filter.types.has(ct.type.slice(0, ct.typeLength).toLowerCase())) return;

  const index = (name: string) => (filter.known.has(name.toLowerCase()) ? name.toLowerCase() : null);
  const dst = headerSafe(filter.charset(ctx));
  const dstIndex = index(dst);
  // ngx_http_set_charset: never on a 301 or 302 (old browsers took it for the next page's).
  const setCharset = () => {
    ct.charset = status === 301 || status === 302 ? '' : dst;
  };

  let src: string;
  if (ct.charset !== '') src = ct.charset;
  else if (filter.source !== null) src = headerSafe(filter.source(ctx));
  else {
    setCharset();
    return;
  }
  const srcIndex = index(src);

  if (dstIndex === null || srcIndex === null) {
    // Two charsets nginx does not know are the same when the first's length of both match.
    if (srcIndex === dstIndex && src.length >= dst.length && src.slice(0, dst.length).toLowerCase() === dst.toLowerCase()) setCharset();
    return;
  }
  if (srcIndex === dstIndex) {
    ct.type = ct.type.slice(0, ct.typeLength);
    setCharset();
  }
  // Different charsets: nginx recodes only with a charset_map, which Portico refuses; it
  // then sends the answer as it is ("no charset_map between the charsets" in its log).
}

/** The Content-Type in `headers` with the charset nginx gives it, for the location (or host) that answers. */
export function withCharset(ctx: RequestContext, status: number, headers: string[], origin: ResponseOrigin | undefined): string[] {
  if (!ctx.hostConfig) return headers;
  const filter = ctx.location ? ctx.location.charsetFilter : ctx.hostConfig.charsetFilter;
  if (!filter) return headers;
  const at = headers.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === 'content-type');
  if (at < 0) return headers;
  const value = headers[at + 1]!;
  // Only a proxied (or cached proxied) answer's charset parameter is read as its charset;
  // a type Portico made itself is whole (default_type "text/plain; charset=x" included).
  const ct = origin?.kind === 'upstream' ? upstreamContentType(value) : { type: value, typeLength: value.length, charset: '' };
  applyCharset(filter, ctx, status, ct);
  const out = contentTypeHeader(ct);
  if (out === value) return headers;
  const copy = headers.slice();
  copy[at + 1] = out;
  return copy;
}
