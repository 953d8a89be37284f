// proxy_cache as a content-phase stage around a proxy action. Per request: methods and
// Authorization → bypass conditions → lookup (Vary-aware) → HIT, or a fetch whose answer
// the fill sink may store: MISS (behind the lock when configured), EXPIRED (with
// revalidation and stale fallbacks), STALE/UPDATING served while another request or a
// background update refreshes the entry. ctx.cacheStatus carries $upstream_cache_status.
import { ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { CachePolicy } from '../../core/config/policies.ts';
import type { ClientResponse, RequestContext } from '../runtime/types.ts';
import { downstreamOf, nullSink } from '../http/sink.ts';
import type { UpstreamRequestOverride } from '../runtime/types.ts';
import type { Stage } from '../runtime/types.ts';
import type { CompiledLocation } from '../runtime/types.ts';
import { FillSink, type FillPlan } from './fill-sink.ts';
import { compileCache, type CacheZoneLookup, type CompiledCache } from './policy.ts';
import { serveEntry } from './serve.ts';
import type { CacheEntry, Lookup } from './zone.ts';

/** How long an "updating" mark holds before another request may refresh the entry (nginx's lock_age). */
const UPDATING_AGE_MS = 5000;

// With a cache, the upstream must send whole answers: nginx's proxy_cache_headers clear
// the client's validators and Range, and HEAD goes up as GET (proxy_cache_convert_head).
const NOT_FORWARDED = new Set(['if-modified-since', 'if-unmodified-since', 'if-none-match', 'if-match', 'range', 'if-range']);
const WHOLE_ANSWER: UpstreamRequestOverride = { dropHeaders: NOT_FORWARDED };
const WHOLE_ANSWER_FOR_HEAD: UpstreamRequestOverride = { method: 'GET', dropHeaders: NOT_FORWARDED };

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return value instanceof Promise;
}

function wholeAnswer(ctx: RequestContext, stale: CacheEntry | null, revalidate: boolean): UpstreamRequestOverride {
  const base = ctx.method === 'HEAD' ? WHOLE_ANSWER_FOR_HEAD : WHOLE_ANSWER;
  if (!stale || !revalidate) return base;
  const extraHeaders: [string, string][] = [];
  if (stale.lastModified) extraHeaders.push(['If-Modified-Since', stale.lastModified]);
  if (stale.etag) extraHeaders.push(['If-None-Match', stale.etag]);
  return { ...base, extraHeaders };
}

/** Goes upstream through a fill sink. */
function goUpstream(ctx: RequestContext, cache: CompiledCache, next: Stage, plan: FillPlan): void | Promise<void> {
  if (plan.store || plan.stale) ctx.upstreamRequest = wholeAnswer(ctx, plan.stale, plan.revalidating);
  const sink = new FillSink(ctx, downstreamOf(ctx), cache, plan);
  ctx.sink = sink;
  let result: void | Promise<void>;
  try {
    result = next(ctx);
  } catch (error) {
    sink.stageDone();
    throw error;
  }
  if (isPromise(result)) return result.finally(() => sink.stageDone());
  sink.stageDone();
  return result;
}

/** Refreshes an expired entry with no client waiting (proxy_cache_background_update). */
function backgroundUpdate(ctx: RequestContext, cache: CompiledCache, next: Stage, plan: FillPlan): void {
  const bg: RequestContext = { ...ctx, res: new ServerResponse(ctx.req) as ClientResponse, sink: nullSink(), cacheStatus: 'EXPIRED', upstreamRequest: undefined };
  const run = async () => goUpstream(bg, cache, next, { ...plan, background: true });
  run().catch((error: unknown) => process.emitWarning(`background cache update for ${plan.baseKey} failed: ${(error as Error).message}`));
}

function serveOrRefetch(ctx: RequestContext, cache: CompiledCache, next: Stage, entry: CacheEntry, status: string, baseKey: string): void | Promise<void> {
  ctx.cacheStatus = status;
  const served = serveEntry(ctx, cache, entry, downstreamOf(ctx));
  if (!isPromise(served)) {
    cache.zone.record(status);
    return;
  }
  return served.then((ok) => {
    if (ok) {
      cache.zone.record(status);
      return;
    }
    // The file went away since the lookup (purge, eviction): fetch instead.
    cache.zone.removeEntry(entry);
    ctx.cacheStatus = 'MISS';
    return goUpstream(ctx, cache, next, { baseKey, store: !cache.noStore(ctx), stale: null, revalidating: false, done: () => undefined });
  });
}

function onLookup(ctx: RequestContext, cache: CompiledCache, next: Stage, baseKey: string, found: Lookup): void | Promise<void> {
  const zone = cache.zone;
  const entry = found.entry;
  const now = zone.now();
  if (entry && entry.validUntil > now) return serveOrRefetch(ctx, cache, next, entry, 'HIT', baseKey);
  // proxy_no_cache decides what is stored: a HIT stores nothing, so only the others evaluate it.
  const noStore = cache.noStore(ctx);
  if (entry) {
    // The "updating" mark is the zone's (with several workers, shared by all of them).
    const updating = !zone.beginUpdate(entry, now, UPDATING_AGE_MS);
    if (updating && cache.staleWhileUpdating) return serveOrRefetch(ctx, cache, next, entry, 'UPDATING', baseKey);
    const revalidating = cache.revalidate && (entry.etag !== null || entry.lastModified !== null);
    const done = updating ? () => undefined : () => zone.endUpdate(entry);
    const plan: FillPlan = { baseKey, store: !noStore, stale: entry, revalidating, done };
    if (!updating && cache.backgroundUpdate && cache.staleWhileUpdating) {
      backgroundUpdate(ctx, cache, next, plan);
      return serveOrRefetch(ctx, cache, next, entry, 'STALE', baseKey);
    }
    ctx.cacheStatus = 'EXPIRED';
    return goUpstream(ctx, cache, next, plan);
  }
  ctx.cacheStatus = 'MISS';
  const store = !noStore && zone.countUse(found.hash) >= cache.minUses;
  if (!store || !cache.lock) return goUpstream(ctx, cache, next, { baseKey, store, stale: null, revalidating: false, done: () => undefined });
  return lockedMiss(ctx, cache, next, baseKey, found.hash);
}

/** proxy_cache_lock: fill if nobody is, else wait for the filler and look again. */
async function lockedMiss(ctx: RequestContext, cache: CompiledCache, next: Stage, baseKey: string, hash: string): Promise<void> {
  const zone = cache.zone;
  const deadline = Date.now() + cache.lockTimeoutMs;
  for (;;) {
    if (zone.locks.tryAcquire(hash)) {
      return goUpstream(ctx, cache, next, { baseKey, store: true, stale: null, revalidating: false, done: () => zone.locks.release(hash) });
    }
    const released = await zone.locks.wait(hash, deadline - Date.now());
    if (ctx.res.destroyed) return;
    // nginx: after lock_timeout the request goes upstream, and its answer is not stored.
    if (!released) return goUpstream(ctx, cache, next, { baseKey, store: false, stale: null, revalidating: false, done: () => undefined });
    const again = await zone.lookup(baseKey, ctx.req.headers);
    if (again.entry && again.entry.validUntil > zone.now()) return serveOrRefetch(ctx, cache, next, again.entry, 'HIT', baseKey);
    hash = again.hash;
  }
}

/** A Cookie header nginx's `$http_cookie` condition would hold for: non-empty, not "0". */
function carriesCookie(ctx: RequestContext): boolean {
  const value = ctx.req.headers.cookie;
  return value !== undefined && value !== '' && value !== '0';
}

export function createCacheStage(policy: z.output<typeof CachePolicy> | undefined, location: CompiledLocation, next: Stage, zones: CacheZoneLookup): Stage {
  const action = location.action;
  // nginx's proxy_cache belongs to proxy_pass: other actions are not cached.
  if (!policy || action.kind !== 'proxy') return next;
  const cache = compileCache(policy, location, action, zones);
  return (ctx: RequestContext) => {
    if (!cache.methods.has(ctx.method) || ctx.upgrade) return next(ctx);
    // A shared cache never answers for credentials (RFC 9111 §3.5), nor for cookies (a
    // signed-in user's page), unless told to.
    if ((!cache.allowAuthorized && ctx.req.headers.authorization !== undefined) || (!cache.allowCookies && carriesCookie(ctx))) {
      ctx.cacheStatus = 'BYPASS';
      return goUpstream(ctx, cache, next, { baseKey: '', store: false, stale: null, revalidating: false, done: () => undefined });
    }
    const baseKey = cache.key(ctx);
    if (cache.bypass(ctx)) {
      ctx.cacheStatus = 'BYPASS';
      // proxy_cache_bypass skips the lookup only; the answer may still be stored.
      return goUpstream(ctx, cache, next, { baseKey, store: !cache.noStore(ctx), stale: null, revalidating: false, done: () => undefined });
    }
    const found = cache.zone.lookup(baseKey, ctx.req.headers);
    return isPromise(found) ? found.then((f) => onLookup(ctx, cache, next, baseKey, f)) : onLookup(ctx, cache, next, baseKey, found);
  };
}
