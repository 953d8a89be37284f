// The response headers the client receives from a proxied response. As nginx: the
// upstream's Date and Server are replaced by the proxy's own, X-Accel-* are internal,
// proxy_hide_header drops more, Location/Refresh are rewritten by proxy_redirect, and
// add_header appends (only to success and redirect statuses unless "always").
import type { CompiledLocation, ResponseHeaderRule } from '../runtime/types.ts';
import type { RequestContext } from './context.ts';
import { connectionListed } from './request-headers.ts';

const ALWAYS_HIDDEN = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'http2-settings',
  'date',
  'server',
  'x-pad',
]);

/** Statuses add_header applies to without "always" (nginx). */
const ADD_HEADER_STATUSES = new Set([200, 201, 204, 206, 301, 302, 303, 304, 307, 308]);

/** Whether add_header without "always" applies to a response with this status. */
export function addHeaderApplies(status: number): boolean {
  return ADD_HEADER_STATUSES.has(status);
}

export function serverHeader(serverTokens: boolean): string {
  return serverTokens ? 'Portico/0.1.0' : 'Portico';
}

export type RedirectRewriter = (value: string, ctx: RequestContext) => string;

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
  const out: string[] = ['Server', serverHeader(location.serverTokens), ctx.runtime.settings.requestIdHeader, ctx.requestId];
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
    if (ALWAYS_HIDDEN.has(lower) || lower === requestIdLower || lower.startsWith('x-accel-') || location.hideHeaders.has(lower)) continue;
    let value = rawHeaders[i + 1]!.toString('latin1');
    if (rewriteRedirect && (lower === 'location' || lower === 'refresh')) value = rewriteRedirect(value, ctx);
    out.push(name, value);
  }
  if (listed) {
    for (let i = out.length - 2; i >= 4; i -= 2) if (listed.has(out[i]!.toLowerCase())) out.splice(i, 2);
  }
  appendAddHeaders(out, ctx, location.responseHeaders, status);
  return out;
}

export function appendAddHeaders(out: string[], ctx: RequestContext, rules: readonly ResponseHeaderRule[], status: number): void {
  if (rules.length === 0) return;
  const applies = ADD_HEADER_STATUSES.has(status);
  for (const rule of rules) {
    if (!rule.always && !applies) continue;
    const value = rule.value(ctx);
    // nginx skips add_header whose value evaluates to "".
    if (value !== '') out.push(rule.name, value);
  }
}
