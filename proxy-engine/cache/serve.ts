// Answers a request from a cache entry. The stored upstream headers go through the
// location's response rules (proxy_hide_header, proxy_redirect, add_header) exactly as
// a fresh upstream answer would; Content-Length is the stored body's (nginx sends it on
// every hit); a client's conditional request against a cached 200 gets its 304.
import type { RequestContext } from '../runtime/types.ts';
import { removeHeaders } from '../http/header-list.ts';
import { addHeaderApplies } from '../http/response-headers.ts';
import { pumpInto } from '../http/sink.ts';
import type { ResponseSink } from '../runtime/types.ts';
import { NOT_MODIFIED_DROPS, notModified } from './conditional.ts';
import type { CompiledCache } from './policy.ts';
import { cachedRange, partialHead, unsatisfiableHead } from './range.ts';
import { MEMORY_BODY_MAX } from './memory.ts';
import { cachedClientHeaders } from './prepared-headers.ts';
import type { CacheEntry } from './zone.ts';

/** The configured status header (nginx: add_header X-Cache-Status $upstream_cache_status, without "always"). */
export function appendStatusHeader(headers: string[], ctx: RequestContext, name: string | null, status: number): void {
  if (name !== null && ctx.cacheStatus !== '' && addHeaderApplies(status)) headers.push(name, ctx.cacheStatus);
}

/**
 * Sends `entry` to `out`. Resolves false when the entry's file is gone (evicted or purged
 * since the lookup) and nothing was sent, so the caller can go upstream instead.
 */
export function serveEntry(ctx: RequestContext, cache: CompiledCache, entry: CacheEntry, out: ResponseSink): boolean | Promise<boolean> {
  // The stored answer is the upstream's: its status line (reason phrase) goes out again.
  const { headers, contentLength, origin } = cachedClientHeaders(ctx, cache.location, entry);
  if (entry.status !== 204) headers.push('Content-Length', contentLength);
  appendStatusHeader(headers, ctx, cache.statusHeader, entry.status);
  if (entry.status === 200 && notModified(ctx.req.headers, entry.etag, entry.lastModified)) {
    removeHeaders(headers, NOT_MODIFIED_DROPS);
    out.writeHead(304, headers);
    out.end();
    return true;
  }
  if (ctx.method === 'HEAD' || entry.bodyLength === 0) {
    out.writeHead(entry.status, headers, origin);
    out.end();
    return true;
  }
  const range = entry.status === 200 ? cachedRange(ctx.req.headers, entry.headers, entry.bodyLength, entry.etag, entry.lastModified) : null;
  if (range === 'unsatisfiable') {
    unsatisfiableHead(headers, entry.bodyLength);
    out.writeHead(416, headers);
    out.end();
    return true;
  }
  if (range) return servePart(ctx, cache, entry, out, headers, range);
  if (entry.body) {
    out.writeHead(entry.status, headers, origin);
    out.end(entry.body);
    return true;
  }
  if (entry.bodyLength <= MEMORY_BODY_MAX) {
    return cache.zone.loadBody(entry).then((body) => {
      if (!body) return false;
      out.writeHead(entry.status, headers, origin);
      out.end(body);
      return true;
    });
  }
  return cache.zone.openBody(entry).then((handle) => {
    if (!handle) return false;
    out.writeHead(entry.status, headers, origin);
    pumpInto(out, handle.createReadStream({ start: entry.bodyOffset, end: entry.bodyOffset + entry.bodyLength - 1 }), ctx);
    return true;
  });
}

/** A 206 for one byte range of the entry. */
function servePart(ctx: RequestContext, cache: CompiledCache, entry: CacheEntry, out: ResponseSink, headers: string[], range: { start: number; end: number }): boolean | Promise<boolean> {
  partialHead(headers, range, entry.bodyLength);
  if (entry.body) {
    out.writeHead(206, headers);
    out.end(entry.body.subarray(range.start, range.end + 1));
    return true;
  }
  return cache.zone.openBody(entry).then((handle) => {
    if (!handle) return false;
    out.writeHead(206, headers);
    pumpInto(out, handle.createReadStream({ start: entry.bodyOffset + range.start, end: entry.bodyOffset + range.end }), ctx);
    return true;
  });
}

