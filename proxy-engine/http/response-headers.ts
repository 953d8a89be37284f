// The response headers the client receives from a proxied response. As nginx: the
// upstream's Date and Server are replaced by the proxy's own, X-Pad and the X-Accel-*
// headers nginx acts on are internal (proxy_pass_header passes any of these),
// `expires` replaces Expires and Cache-Control, proxy_hide_header drops more,
// Location/Refresh are rewritten by proxy_redirect, Set-Cookie by proxy_cookie_*, and
// add_header appends (only to success and redirect statuses unless "always").
import type { CompiledLocation, ResponseHeaderRule } from '../runtime/types.ts';
import type { RequestContext } from '../runtime/types.ts';
import { connectionListed } from './request-headers.ts';
import type { RedirectRewriter } from '../runtime/types.ts';
import { HIDDEN_BY_DEFAULT } from '../../core/config/upstream-headers.ts';

/** Headers about one connection: never passed (proxy_pass_header cannot bring them back). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'http2-settings']);
/** Date, Server, X-Pad and the X-Accel-* headers nginx acts on: hidden unless proxy_pass_header names them. */
const DEFAULT_HIDDEN = new Set(HIDDEN_BY_DEFAULT);

/** Statuses add_header applies to without "always" (nginx). */
const ADD_HEADER_STATUSES = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);

/** Whether add_header without "always" applies to a response with this status. */
export function addHeaderApplies(status: number): boolean {
  return ADD_HEADER_STATUSES.has(status);
}

export function serverHeader(serverTokens: boolean): string {
  return serverTokens ? 'Portico/0.1.0' : 'Portico';
}


/**
 * Filters upstream raw headers ([name, value, …], names as sent) into the client's list.
 * `rawHeaders` may hold Buffers (undici) or strings.
 */
export function buildClientHeaders(
  ctx: RequestContext,
  location: CompiledLocation,
  status: number,
  rawHeaders: readonly (string | Buffer)[],
  rewriteRedirect: RedirectRewriter | null,
): string[] {
  const pass = location.passHeaders;
  // A passed Server replaces the proxy's own, even when the upstream sends none (nginx).
  const out: string[] = pass?.has('server') ? [] : ['Server', serverHeader(location.serverTokens)];
  out.push(ctx.runtime.settings.requestIdHeader, ctx.requestId);
  ctx.upstreamHeaders = rawHeaders;
  const own = out.length;
  appendPassedHeaders(out, ctx, location, rawHeaders, rewriteRedirect);
  finishClientHeaders(out, own, ctx, location, status);
  return out;
}

/**
 * The upstream's headers the client receives, appended to `out`: hop-by-hop, hidden and
 * request-id headers left out, values trimmed, Location/Refresh and Set-Cookie rewritten.
 * Without rewriters the result depends on the location and the headers only (a cache
 * entry prepares it once: cache/prepared-headers.ts).
 */
export function appendPassedHeaders(out: string[], ctx: RequestContext, location: CompiledLocation, rawHeaders: readonly (string | Buffer)[], rewriteRedirect: RedirectRewriter | null): void {
  const pass = location.passHeaders;
  const own = out.length;
  const cookies = location.cookieRewriter;
  let listed: Set<string> | null = null;
  const requestIdLower = ctx.runtime.settings.requestIdHeader.toLowerCase();
  // One pass; headers named in the upstream's Connection (rare) are removed afterwards.
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toString('latin1');
    const lower = name.toLowerCase();
    if (lower === 'connection') {
      listed = connectionListed(rawHeaders[i + 1]!.toString('latin1'));
      continue;
    }
    if (HOP_BY_HOP.has(lower) || lower === requestIdLower) continue;
    if ((DEFAULT_HIDDEN.has(lower) || location.hideHeaders.has(lower)) && !pass?.has(lower)) continue;
    let value = rawHeaders[i + 1]!.toString('latin1');
    // Leading or trailing whitespace is not part of a field value (RFC 9110 §5.5); HTTP/2
    // clients reset a stream that carries it.
    const last = value.charCodeAt(value.length - 1);
    if (last === 32 || last === 9 || value.charCodeAt(0) === 32 || value.charCodeAt(0) === 9) value = value.trim();
    if (rewriteRedirect && (lower === 'location' || lower === 'refresh')) value = rewriteRedirect(value, ctx, lower);
    else if (cookies && lower === 'set-cookie') value = cookies(value, ctx);
    out.push(name, value);
  }
  if (listed) {
    for (let i = out.length - 2; i >= own; i -= 2) if (listed.has(out[i]!.toLowerCase())) out.splice(i, 2);
  }
}

/** `expires` and add_header, per request (their values may read variables); `own`: where the upstream's headers start in `out`. */
export function finishClientHeaders(out: string[], own: number, ctx: RequestContext, location: CompiledLocation, status: number): void {
  // `expires` replaces the upstream's Expires and Cache-Control on the statuses it applies
  // to; evaluated with the response's headers, which `expires $var` may read ($sent_http_…).
  if (ADD_HEADER_STATUSES.has(status)) {
    ctx.responseHeaders = out;
    const expires = location.expiresHeaders(ctx);
    if (expires !== null) {
      for (let i = out.length - 2; i >= own; i -= 2) {
        const lower = out[i]!.toLowerCase();
        if (lower === 'expires' || lower === 'cache-control') out.splice(i, 2);
      }
      out.push(...expires);
    }
  }
  appendAddHeaders(out, ctx, location.responseHeaders, status);
}

/** The location's `expires` headers on the statuses nginx's expires applies to (Portico's own answers). */
export function appendExpires(out: string[], ctx: RequestContext, status: number): void {
  const location = ctx.location;
  if (location === undefined || location === null || !ADD_HEADER_STATUSES.has(status)) return;
  ctx.responseHeaders = out;
  const expires = location.expiresHeaders(ctx);
  if (expires !== null) out.push(...expires);
}

export function appendAddHeaders(out: string[], ctx: RequestContext, rules: readonly ResponseHeaderRule[], status: number): void {
  if (rules.length === 0) return;
  // An error page goes out with the error's status: add_header decides by that one (nginx).
  if (ctx.errorPageStatus) status = ctx.errorPageStatus;
  const applies = ADD_HEADER_STATUSES.has(status);
  ctx.responseStatus = status;
  ctx.responseHeaders = out;
  for (const rule of rules) {
    if (!rule.always && !applies) continue;
    const value = rule.value(ctx);
    // nginx skips add_header whose value evaluates to "".
    if (value !== '') out.push(rule.name, value);
  }
}
