// The client's headers for a cached answer, with what depends on the entry alone prepared
// once per entry (a new version of an entry is a new entry object, so it prepares again).
// Filtering the stored upstream headers through the location's rules and formatting the
// Content-Length were per-HIT work; only the request id, `expires` and add_header (whose
// values may read variables) and the cache status are per request. Locations with
// proxy_redirect or proxy_cookie_* rewrite per request (their rewrites may read
// variables) and take the general path.
import { removeHeaders } from '../http/header-list.ts';
import { appendPassedHeaders, buildClientHeaders, finishClientHeaders, serverHeader } from '../http/response-headers.ts';
import type { CompiledLocation, RequestContext, ResponseOrigin } from '../runtime/types.ts';
import type { CacheEntry } from './zone.ts';

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
}

function prepare(ctx: RequestContext, location: CompiledLocation, entry: CacheEntry): PreparedHeaders {
  const passed: string[] = [];
  appendPassedHeaders(passed, ctx, location, entry.headers, null);
  removeHeaders(passed, LENGTH);
  const reason = entry.reason === undefined ? undefined : { status: entry.status, text: entry.reason };
  const origin: ResponseOrigin | undefined = reason ? { kind: 'upstream', rawHeaders: entry.headers } : undefined;
  return { location, requestIdHeader: ctx.runtime.settings.requestIdHeader, passed, contentLength: String(entry.bodyLength), reason, origin };
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
export function cachedClientHeaders(ctx: RequestContext, location: CompiledLocation, entry: CacheEntry): ClientHeaders {
  if (location.redirectRewriter !== null || location.cookieRewriter) {
    const headers = buildClientHeaders(ctx, location, entry.status, entry.headers, location.redirectRewriter);
    removeHeaders(headers, LENGTH);
    const reason = entry.reason === undefined ? undefined : { status: entry.status, text: entry.reason };
    if (reason) ctx.upstreamReason = reason;
    return { headers, contentLength: String(entry.bodyLength), origin: reason ? { kind: 'upstream', rawHeaders: entry.headers } : undefined };
  }
  const requestIdHeader = ctx.runtime.settings.requestIdHeader;
  let prepared = entry.prepared;
  if (prepared === undefined || prepared.location !== location || prepared.requestIdHeader !== requestIdHeader) {
    prepared = prepare(ctx, location, entry);
    entry.prepared = prepared;
  }
  // A passed Server replaces the proxy's own, even when the upstream sends none (nginx).
  const headers: string[] = location.passHeaders?.has('server') ? [requestIdHeader, ctx.requestId] : ['Server', serverHeader(location.serverTokens), requestIdHeader, ctx.requestId];
  ctx.upstreamHeaders = entry.headers;
  const own = headers.length;
  const passed = prepared.passed;
  for (let i = 0; i < passed.length; i++) headers.push(passed[i]!);
  finishClientHeaders(headers, own, ctx, location, entry.status);
  // add_header could name Content-Length: the stored body's length wins, as on the general path.
  if (location.responseHeaders.length > 0) removeHeaders(headers, LENGTH);
  if (prepared.reason) ctx.upstreamReason = prepared.reason;
  return { headers, contentLength: prepared.contentLength, origin: prepared.origin };
}
