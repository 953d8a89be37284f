// nginx-style variables in configured values ("$host", "${scheme}", "$http_x_user").
// Templates are compiled once per revision into a list of parts; evaluating one per
// request is a few string concatenations.
import os from 'node:os';
import type { RequestContext } from '../runtime/types.ts';
import type { Getter, Template } from '../runtime/types.ts';
import { connectionSerial } from './connection-serial.ts';
import { upstreamHeaderValue } from './upstream-header-variable.ts';
import { queryArg } from './query-args.ts';
import type { CaptureFilter } from './capture-escaping.ts';
import { isDeclaredUserVariable, userVariableGetter } from './user-variables.ts';
import { mapVariableGetter } from './map-variables.ts';
import { decodedUri } from '../../core/config/normalize-uri.ts';


/** Per-location constants the templates may refer to. */
export interface TemplateScope {
  proxyHost?: string;
  proxyPort?: string;
  /**
   * Names of the named regex captures ("(?<sub>…)") the templates may read: those of the
   * host's regex server names, locations and rewrites (http/capture-names.ts). nginx makes
   * every named capture a variable; one that did not match is empty.
   */
  captureNames?: ReadonlySet<string>;
  /** How a capture's value is put in (http/capture-escaping.ts); default: raw, as nginx. */
  captureFilter?: CaptureFilter;
}

/**
 * $proxy_host / $proxy_port of a literal proxy_pass: the target as written (no default
 * port), and its port or the scheme's ("[::1]:8080" → "8080", "[::1]" → "80").
 */
export function proxyTargetScope(action: { proxyHost: string; scheme: 'http' | 'https' }): { proxyHost: string; proxyPort: string } {
  const port = /:(\d+)$/.exec(action.proxyHost)?.[1];
  return { proxyHost: action.proxyHost, proxyPort: port ?? (action.scheme === 'https' ? '443' : '80') };
}

function headerValue(ctx: RequestContext, name: string): string {
  const value = ctx.req.headers[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : value;
}

function cookieValue(ctx: RequestContext, name: string): string {
  const header = ctx.req.headers.cookie;
  if (!header) return '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return '';
}

function argValue(ctx: RequestContext, lowerName: string): string {
  return queryArg(ctx.query, lowerName) ?? '';
}

/**
 * $proxy_add_x_forwarded_for, as nginx: the client's X-Forwarded-For with the address we
 * saw appended. The chain is informational for the upstream (its last entry is always
 * the real peer); Portico itself believes a forwarded address only from a trusted proxy
 * (see real-ip.ts), for access rules, limits and logs.
 */
export function forwardedFor(ctx: RequestContext): string {
  const sent = headerValue(ctx, 'x-forwarded-for');
  return sent ? `${sent}, ${ctx.remoteAddr}` : ctx.remoteAddr;
}

const FIXED: Record<string, Getter> = {
  host: (ctx) => ctx.host,
  http_host: (ctx) => ctx.hostHeader,
  remote_addr: (ctx) => ctx.remoteAddr,
  binary_remote_addr: (ctx) => ctx.remoteAddr,
  remote_port: (ctx) => String(ctx.peerPort),
  realip_remote_addr: (ctx) => ctx.peerAddr,
  proxy_add_x_forwarded_for: forwardedFor,
  scheme: (ctx) => ctx.scheme,
  https: (ctx) => (ctx.scheme === 'https' ? 'on' : ''),
  server_port: (ctx) => String(ctx.serverPort),
  server_name: (ctx) => ctx.hostConfig?.primaryName ?? '',
  request_uri: (ctx) => ctx.requestUri,
  // The decoded URI, as nginx ("/a b"): bytes, one char each (headers are written that way).
  uri: (ctx) => decodedUri(ctx.path),
  document_uri: (ctx) => decodedUri(ctx.path),
  args: (ctx) => ctx.query,
  query_string: (ctx) => ctx.query,
  is_args: (ctx) => (ctx.query ? '?' : ''),
  request_method: (ctx) => ctx.method,
  request_id: (ctx) => ctx.requestId,
  server_protocol: (ctx) => `HTTP/${ctx.req.httpVersion}`,
  content_type: (ctx) => headerValue(ctx, 'content-type'),
  // A chunked body read whole has a length too: nginx then sets content_length_n to it.
  content_length: (ctx) => headerValue(ctx, 'content-length') || (ctx.readBodyLength === undefined ? '' : String(ctx.readBodyLength)),
  // The WebSocket map pattern of the seeds: "upgrade" when the client asks for one.
  connection_upgrade: (ctx) => (ctx.req.headers.upgrade ? 'upgrade' : 'close'),
  upstream_cache_status: (ctx) => ctx.cacheStatus,
  upstream_addr: (ctx) => ctx.upstreamAddr,
  upstream_status: (ctx) => (ctx.upstreamStatus > 0 ? String(ctx.upstreamStatus) : ''),
  connection: connectionSerial,
  // add_header's values are computed with the response head, before any body byte: nginx
  // gives 0 there too.
  body_bytes_sent: () => '0',
  // Response-time values, for add_header: the status being answered and the clock.
  status: (ctx) => (ctx.responseStatus > 0 ? String(ctx.responseStatus) : ''),
  request_time: (ctx) => ((performance.now() - ctx.startedAt) / 1000).toFixed(3),
  msec: () => (Date.now() / 1000).toFixed(3),
  time_iso8601: () => `${new Date().toISOString().slice(0, 19)}+00:00`,
  time_local: () => timeLocal(new Date()),
  hostname: () => HOSTNAME,
  server_addr: (ctx) => normalizeMapped(ctx.req.socket?.localAddress ?? ''),
};

/**
 * The evaluated target of a proxy_pass with variables, for $proxy_host / $proxy_port read
 * before the request is forwarded (a cache key): nginx evaluates proxy_pass first.
 */
function variableProxyTarget(ctx: RequestContext): RequestContext['proxyTarget'] {
  // Only this location's proxy_pass counts: after an internal redirect (X-Accel-Redirect,
  // error_page) to a literal proxy_pass, the first location's evaluated target is stale.
  const action = ctx.location?.action;
  if (action?.kind !== 'proxy' || !action.resolve) return undefined;
  if (ctx.proxyTarget) return ctx.proxyTarget;
  const target = action.resolve(ctx);
  return target.ok ? { host: target.proxyHost, port: target.proxyPort } : undefined;
}

// Captures are the decoded URI's bytes already (capture-escaping.ts): written as they are.
const rawCaptureOf: CaptureFilter = (raw) => raw;

const HOSTNAME = os.hostname();
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** nginx's $time_local, in UTC: "22/Nov/2026:07:00:00 +0000". */
function timeLocal(d: Date): string {
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

function normalizeMapped(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** $sent_http_<name>: a response header already set on the answer being built (add_header). */
function sentHeader(ctx: RequestContext, lower: string): string {
  const headers = ctx.responseHeaders;
  if (!headers) return '';
  for (let i = 0; i < headers.length; i += 2) if (headers[i]!.toLowerCase() === lower) return headers[i + 1]!;
  return '';
}

export function isKnownVariable(name: string, scope: TemplateScope = {}): boolean {
  return getter(name, scope) !== null;
}

/**
 * The one lookup of a variable name: built-in variables, the header/cookie/argument
 * families, regex captures. (User variables, `set`, belong here too, as one more case.)
 */
function getter(name: string, scope: TemplateScope): Getter | null {
  // `map` variables first: a map may define a name of the $http_… families (nginx lets it),
  // and its $connection_upgrade replaces Portico's built-in one.
  const mapped = mapVariableGetter(name);
  if (mapped) return mapped;
  const fixed = FIXED[name];
  if (fixed) return fixed;
  const filter = scope.captureFilter ?? rawCaptureOf;
  if (scope.captureNames?.has(name)) return (ctx) => filter(ctx.namedCaptures?.[name] ?? '', ctx);
  if (name === 'proxy_host') return (ctx) => variableProxyTarget(ctx)?.host ?? scope.proxyHost ?? '';
  if (name === 'proxy_port') return (ctx) => variableProxyTarget(ctx)?.port ?? scope.proxyPort ?? '';
  if (name.startsWith('upstream_http_') && name.length > 14) {
    const suffix = name.slice(14).toLowerCase();
    return (ctx) => upstreamHeaderValue(ctx, suffix);
  }
  if (name.startsWith('sent_http_') && name.length > 10) {
    const header = name.slice(10).toLowerCase().replace(/_/g, '-');
    return (ctx) => sentHeader(ctx, header);
  }
  if (name.startsWith('http_') && name.length > 5) {
    const header = name.slice(5).toLowerCase().replace(/_/g, '-');
    return (ctx) => headerValue(ctx, header);
  }
  if (name.startsWith('cookie_') && name.length > 7) {
    const cookie = name.slice(7);
    return (ctx) => cookieValue(ctx, cookie);
  }
  if (name.startsWith('arg_') && name.length > 4) {
    const arg = name.slice(4).toLowerCase();
    return (ctx) => argValue(ctx, arg);
  }
  if (/^\d$/.test(name)) {
    const index = Number(name);
    return (ctx) => filter(ctx.captures?.[index] ?? '', ctx);
  }
  // Variables made by `set` (http/user-variables.ts), after every built-in name.
  if (isDeclaredUserVariable(name)) return userVariableGetter(name);
  return null;
}

/**
 * A variable in a template ("$name", "${name}"); routing/rewrite-path.ts reads templates
 * with it too. "$1abc" is capture 1 then "abc": nginx reads one digit after "$" as a
 * capture number.
 */
export const TEMPLATE_VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([1-9]|[A-Za-z0-9_]+))/g;

/** Names of the variables a template refers to that are unknown (for validation errors). */
export function unknownVariables(template: string, scope: TemplateScope = {}): string[] {
  const unknown: string[] = [];
  for (const m of template.matchAll(TEMPLATE_VARIABLE)) {
    const name = m[1] ?? m[2]!;
    if (!isKnownVariable(name, scope)) unknown.push(name);
  }
  return unknown;
}

export function compileTemplate(template: string, scope: TemplateScope = {}): Template {
  if (!template.includes('$')) return () => template;
  const parts: (string | Getter)[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_VARIABLE)) {
    const name = m[1] ?? m[2]!;
    const get = getter(name, scope);
    if (m.index > last) parts.push(template.slice(last, m.index));
    // nginx refuses unknown variables; validation reports them, so here they stay literal.
    parts.push(get ?? m[0]);
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!;
  return (ctx) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part(ctx);
    return out;
  };
}
