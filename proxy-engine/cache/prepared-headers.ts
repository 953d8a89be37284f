// The client's headers for a cached answer, with what depends on the entry alone prepared
// once per entry (a new version of an entry is a new entry object, so it prepares again).
// Filtering the stored upstream headers through the location's rules and formatting the
// Content-Length were per-HIT work; only the request id, `expires` and add_header (whose
// values may read variables) and the cache status are per request. An entry whose
// Location/Refresh the location's proxy_redirect rewrites (on by default, as in nginx), or
// whose Set-Cookie a proxy_cookie_* rule rewrites, is rewritten per request (the rewrites
// may read variables): it takes the general path.
import { removeHeaders } from '../http/header-list.ts';
import { appendPassedHeaders, buildClientHeaders, finishClientHeaders, serverHeader } from '../http/response-headers.ts';
import type { CompiledLocation, RequestContext, ResponseOrigin } from '../runtime/types.ts';

const LENGTH = new Set(['content-length']);

export interface PreparedHeaders {
  /** What it was prepared for: another location (a reload) or request-id header name prepares again. */
  readonly location: CompiledLocation;
  readonly requestIdHeader: string;
  /** The stored upstream headers the client receives, Content-Length left out. */
  readonly passed: readonly string[];
  readonly contentLength: string;
  /** The stored status line's reason phrase as the upstream's (undefined: none stored). */
  readonly reason: { status: number; text: string } | undefined;
  readonly origin: ResponseOrigin | undefined;
  /** The entry has headers the location rewrites per request: `passed` is not used. */
  readonly rewritten: boolean;
  /** An add_header of the location names Content-Length (removed again: the body's length wins). */
  readonly addsLength: boolean;
}

/** Whether a rewrite that may read the request applies to one of the entry's headers. */
function rewritesApply(location: CompiledLocation, headers: readonly string[]): boolean {
  for (let i = 0; i < headers.length; i += 2) {
    const lower = headers[i]!.toLowerCase();
    if (location.redirectRewriter !== null && (lower === 'location' || lower === 'refresh')) return true;
    if (location.cookieRewriter && lower === 'set-cookie') return true;
  }
  return false;
}

/** What of a cache entry (zone.ts's CacheEntry) its client headers are made from. */
export interface PreparableEntry {
  status: number;
  reason?: string;
  headers: string[];
  bodyLength: number;
  prepared?: PreparedHeaders;
}

function prepare(ctx: RequestContext, location: CompiledLocation, entry: PreparableEntry): PreparedHeaders {
  const rewritten = rewritesApply(location, entry.headers);
  const passed: string[] = [];
  if (!rewritten) appendPassedHeaders(passed, ctx, location, entry.headers, null);
  removeHeaders(passed, LENGTH);
  const reason = entry.reason === undefined ? undefined : { status: entry.status, text: entry.reason };
  const origin: ResponseOrigin | undefined = reason ? { kind: 'upstream', rawHeaders: entry.headers } : undefined;
  const addsLength = location.responseHeaders.some((rule) => rule.name.toLowerCase() === 'content-length');
  return { location, requestIdHeader: ctx.runtime.settings.requestIdHeader, passed, contentLength: String(entry.bodyLength), reason, origin, rewritten, addsLength };
}

export interface ClientHeaders {
  headers: string[];
  /** The Content-Length value to send. */
  contentLength: string;
  origin: ResponseOrigin | undefined;
}

/**
 * The headers for answering `entry` (Content-Length and the cache status not yet added),
 * and the stored reason phrase set on ctx as the upstream's.
 */
export function cachedClientHeaders(ctx: RequestContext, location: CompiledLocation, entry: PreparableEntry): ClientHeaders {
  const requestIdHeader = ctx.runtime.settings.requestIdHeader;
  let prepared = entry.prepared;
  if (prepared === undefined || prepared.location !== location || prepared.requestIdHeader !== requestIdHeader) {
    prepared = prepare(ctx, location, entry);
    entry.prepared = prepared;
  }
  if (prepared.rewritten) {
    const headers = buildClientHeaders(ctx, location, entry.status, entry.headers, location.redirectRewriter);
    removeHeaders(headers, LENGTH);
    if (prepared.reason) ctx.upstreamReason = prepared.reason;
    return { headers, contentLength: prepared.contentLength, origin: prepared.origin };
  }
  // A passed Server replaces the proxy's own, even when the upstream sends none (nginx).
  const headers: string[] = location.passHeaders?.has('server') ? [requestIdHeader, ctx.requestId] : ['Server', serverHeader(location.serverTokens), requestIdHeader, ctx.requestId];
  ctx.upstreamHeaders = entry.headers;
  const own = headers.length;
  const passed = prepared.passed;
  for (let i = 0; i < passed.length; i++) headers.push(passed[i]!);
  finishClientHeaders(headers, own, ctx, location, entry.status);
  // add_header could name Content-Length: the stored body's length wins, as on the general path.
  if (prepared.addsLength) removeHeaders(headers, LENGTH);
  if (prepared.reason) ctx.upstreamReason = prepared.reason;
  return { headers, contentLength: prepared.contentLength, origin: prepared.origin };
}
