// The cache fill: a tee sink between the upstream answer and the client. At the head it
// decides, from the upstream's own headers, whether the answer is stored (control.ts),
// or whether a stale entry replaces a failed answer (proxy_cache_use_stale) or a 304
// revalidates it; body chunks then go to the client and to the entry's file at once.
// When the head is stored the entry is committed at the end, and whoever waited on
// the fill (the lock, the "updating" mark) is released once it is readable.
import type { RequestContext } from '../runtime/types.ts';
import { headerValue, removeHeaders } from '../http/header-list.ts';
import type { ResponseOrigin, ResponseSink } from '../runtime/types.ts';
import { NOT_MODIFIED_DROPS, notModified } from './conditional.ts';
import { decideStore, refreshedUntil, staleAllowed } from './control.ts';
import { hashKey, variantKey } from './key.ts';
import type { CompiledCache } from './policy.ts';
import { cachedRange, partialHead, RangeSlicer, unsatisfiableHead } from './range.ts';
import { appendStatusHeader, serveEntry } from './serve.ts';
import type { EntryMeta, EntryWriter } from './store.ts';
import { MEMORY_BODY_MAX } from './memory.ts';
import type { CacheEntry } from './zone.ts';

export interface FillPlan {
  baseKey: string;
  /** Store a storable answer (false: bypass without store, no_cache, min_uses not reached). */
  store: boolean;
  /** The expired entry this request refreshes: use_stale and revalidation serve it. */
  stale: CacheEntry | null;
  /** A conditional request went upstream: a 304 means the stale entry is still good. */
  revalidating: boolean;
  /** Called once, when the fill is over (stored, refused or abandoned). */
  done: () => void;
  /** A background update: no client request to count in the zone's statuses. */
  background?: boolean;
}

interface Fill {
  hash: string;
  meta: EntryMeta;
  writer: EntryWriter;
  validUntil: number;
  storedAt: number;
  /** Chunks of a small body, kept for the in-memory copy. */
  chunks: Buffer[] | null;
}

export class FillSink implements ResponseSink {
  readonly #ctx: RequestContext;
  readonly #down: ResponseSink;
  readonly #cache: CompiledCache;
  readonly #plan: FillPlan;
  #fill: Fill | null = null;
  #headSeen = false;
  /** A stale entry answers instead of the upstream: what the upstream sends is dropped. */
  #replaced = false;
  /** The client already has its answer (a 304); the body only goes to the file. */
  #clientDone = false;
  #ended = false;
  #settled = false;
  /** The client asked for one byte range of the answer being stored. */
  #slice: RangeSlicer | null = null;

  constructor(ctx: RequestContext, down: ResponseSink, cache: CompiledCache, plan: FillPlan) {
    this.#ctx = ctx;
    this.#down = down;
    this.#cache = cache;
    this.#plan = plan;
    // A client that leaves mid-fill takes the fill with it (the upstream request is aborted).
    ctx.res.once('close', () => {
      if (!this.#ended && !this.#replaced && !ctx.res.writableFinished) this.#abandon();
    });
  }

  get headersSent(): boolean {
    return this.#headSeen;
  }

  get pending(): number {
    return this.#clientDone || this.#replaced ? 0 : this.#down.pending;
  }

  writeHead(status: number, headers: string[], origin?: ResponseOrigin): void {
    if (this.#headSeen) return;
    this.#headSeen = true;
    const ctx = this.#ctx;
    const cache = this.#cache;
    const stale = this.#plan.stale;
    const now = cache.zone.now();
    if (stale && origin && staleAllowed(cache.useStale, origin, status)) {
      this.#serveInstead(stale, 'STALE');
      return;
    }
    if (stale && this.#plan.revalidating && origin?.kind === 'upstream' && status === 304) {
      const until = refreshedUntil(origin.rawHeaders, cache.valid, now, stale.status);
      if (until > 0) cache.zone.refresh(stale, until, now);
      this.#serveInstead(stale, 'REVALIDATED');
      return;
    }
    const fill = this.#plan.store && origin?.kind === 'upstream' ? this.#beginFill(status, origin.rawHeaders, now) : null;
    if (!this.#plan.background) cache.zone.record(ctx.cacheStatus);
    appendStatusHeader(headers, ctx, cache.statusHeader, status);
    if (fill && status === 200 && notModified(ctx.req.headers, fill.meta.etag, fill.meta.lastModified)) {
      // The client's conditional headers were not forwarded (the entry needs the whole
      // body); it gets its 304 here while the body still fills the entry.
      removeHeaders(headers, NOT_MODIFIED_DROPS);
      this.#down.writeHead(304, headers);
      this.#down.end();
      this.#clientDone = true;
      return;
    }
    if (fill && status === 200 && ctx.method !== 'HEAD' && this.#rangeInstead(headers, fill.meta)) return;
    this.#down.writeHead(status, headers, origin);
  }

  /** Opens the entry's file when the upstream's answer may be stored (control.ts decides). */
  #beginFill(status: number, raw: readonly (string | Buffer)[], now: number): Fill | null {
    const decision = decideStore(status, raw, this.#cache, now);
    if (!decision.store) return null;
    const ctx = this.#ctx;
    const key = variantKey(this.#plan.baseKey, decision.vary, ctx.req.headers);
    const hash = hashKey(key);
    const meta: EntryMeta = {
      key,
      baseKey: this.#plan.baseKey,
      url: `${ctx.scheme}://${ctx.host}${ctx.requestUri}`,
      status,
      ...(ctx.upstreamReason?.status === status ? { reason: ctx.upstreamReason.text } : {}),
      headers: raw.map((h) => h.toString('latin1')),
      etag: decision.etag,
      lastModified: decision.lastModified,
      vary: decision.vary,
    };
    const writer = this.#cache.zone.beginFill(hash, meta, decision.validUntil, now);
    this.#fill = { hash, meta, writer, validUntil: decision.validUntil, storedAt: now, chunks: [] };
    return this.#fill;
  }

  /**
   * nginx sends one byte range of an answer it is storing when the upstream allows ranges
   * and the length is known (single_range): the client gets its 206 (or 416), the entry
   * the whole body.
   */
  #rangeInstead(headers: string[], stored: EntryMeta): boolean {
    const total = Number(headerValue(headers, 'content-length') ?? NaN);
    if (!Number.isSafeInteger(total)) return false;
    const range = cachedRange(this.#ctx.req.headers, stored.headers, total, stored.etag, stored.lastModified);
    if (range === null) return false;
    if (range === 'unsatisfiable') {
      unsatisfiableHead(headers, total);
      this.#down.writeHead(416, headers);
      this.#down.end();
      this.#clientDone = true;
      return true;
    }
    partialHead(headers, range, total);
    this.#slice = new RangeSlicer(range);
    this.#down.writeHead(206, headers);
    return true;
  }

  write(chunk: Buffer | string): boolean {
    if (this.#replaced) return true;
    let ok = true;
    const fill = this.#fill;
    if (fill) {
      ok = fill.writer.write(chunk);
      if (fill.chunks) {
        if (fill.writer.bodyLength <= MEMORY_BODY_MAX) fill.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        else fill.chunks = null;
      }
      // Larger than the whole zone: it could never stay; stop writing it.
      if (fill.writer.bodyLength > this.#cache.zone.config.maxSizeBytes) this.#dropFill();
    }
    if (!this.#clientDone) {
      const part = this.#slice ? this.#slice.next(chunk) : chunk;
      if (part !== null) ok = this.#down.write(part) && ok;
    }
    return ok;
  }


  onceDrain(listener: () => void): void {
    const afterFile = () => {
      const fill = this.#fill;
      if (fill && fill.writer.needsDrain) fill.writer.onceDrain(listener);
      else listener();
    };
    if (this.#clientDone || this.#replaced) afterFile();
    else this.#down.onceDrain(afterFile);
  }

  end(chunk?: Buffer | string): void {
    if (this.#replaced || this.#ended) return;
    if (chunk !== undefined && chunk.length > 0) this.write(chunk);
    this.#ended = true;
    const fill = this.#fill;
    if (!fill) {
      if (!this.#clientDone) this.#down.end();
      this.#settle();
      return;
    }
    this.#fill = null;
    // The entry is visible before the client's response completes (nginx renames the temp
    // file before finishing the request): a request that follows this one is a HIT.
    this.#cache.zone.commit(fill.hash, fill.meta, fill.writer, fill.validUntil, fill.storedAt, fill.chunks ? Buffer.concat(fill.chunks) : null);
    if (!this.#clientDone) this.#down.end();
    this.#settle();
  }

  abort(): void {
    if (this.#replaced) return;
    this.#ended = true;
    this.#abandon();
    if (!this.#clientDone) this.#down.abort();
  }

  /** The stage that used this sink finished; releases waiters if nothing was ever sent. */
  stageDone(): void {
    if (!this.#headSeen) this.#settle();
  }

  #serveInstead(entry: CacheEntry, status: 'STALE' | 'REVALIDATED'): void {
    this.#replaced = true;
    this.#ctx.cacheStatus = status;
    if (!this.#plan.background) this.#cache.zone.record(status);
    this.#settle();
    const served = serveEntry(this.#ctx, this.#cache, entry, this.#down);
    if (served instanceof Promise) {
      served.then(
        (ok) => {
          if (!ok) this.#down.abort();
        },
        () => this.#down.abort(),
      );
    }
  }

  #dropFill(): void {
    this.#fill?.writer.discard();
    this.#fill = null;
  }

  #abandon(): void {
    this.#dropFill();
    this.#settle();
  }

  #settle(): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#plan.done();
  }
}
