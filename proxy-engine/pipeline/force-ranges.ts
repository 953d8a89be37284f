// proxy_force_ranges on: byte ranges on proxied answers whatever the upstream says about
// them. nginx then ignores the upstream's Accept-Ranges, and its range filter serves one
// range of any 200 whose length is known (after gzip, which drops the length: a
// compressed answer is never ranged), answers 416 with its error page for a range it
// cannot read, and advertises "Accept-Ranges: bytes" on the whole answers it could range.
// The sink sits nearest the client, below compression and the cache, as nginx's range
// filter runs after theirs.
import { ifRangeAllows, parseRangeSet, type ByteRange } from '../http/byte-ranges.ts';
import { defaultErrorPage } from '../http/error-pages.ts';
import { headerValue, removeHeaders } from '../http/header-list.ts';
import { downstreamOf } from '../http/sink.ts';
import type { CompiledLocation, RequestContext, ResponseOrigin, ResponseSink, Stage } from '../runtime/types.ts';

const ACCEPT_RANGES = new Set(['accept-ranges']);
const REPLACED_BY_PAGE = new Set(['accept-ranges', 'content-length', 'content-type']);
const LENGTH = new Set(['accept-ranges', 'content-length']);

export function createForceRangesStage(location: CompiledLocation, next: Stage): Stage {
  // Proxied answers only (nginx's proxy module sets it): returns and files keep their own rules.
  if (!location.forceRanges || location.action.kind !== 'proxy') return next;
  return (ctx) => {
    ctx.sink = new RangeSink(ctx, downstreamOf(ctx));
    return next(ctx);
  };
}

class RangeSink implements ResponseSink {
  readonly #ctx: RequestContext;
  readonly #down: ResponseSink;
  /** The part of the body to pass on; null: all of it. */
  #range: ByteRange | null = null;
  #offset = 0;
  /** The answer was replaced (416): the upstream's body is dropped. */
  #replaced = false;

  constructor(ctx: RequestContext, down: ResponseSink) {
    this.#ctx = ctx;
    this.#down = down;
  }

  get headersSent(): boolean {
    return this.#down.headersSent;
  }

  get pending(): number {
    return this.#down.pending;
  }

  writeHead(status: number, headers: string[], origin?: ResponseOrigin): void {
    removeHeaders(headers, ACCEPT_RANGES);
    const size = Number(headerValue(headers, 'content-length') ?? NaN);
    if (status !== 200 || !Number.isSafeInteger(size)) return this.#down.writeHead(status, headers, origin);
    const decision = this.#decide(headers, size);
    if (decision === 'unsatisfiable') {
      this.#replaced = true;
      const page = defaultErrorPage(416, this.#ctx.location?.serverTokens ?? false);
      removeHeaders(headers, REPLACED_BY_PAGE);
      headers.push('Content-Type', 'text/html', 'Content-Range', `bytes */${size}`, 'Content-Length', String(Buffer.byteLength(page)));
      this.#down.writeHead(416, headers, origin);
      this.#down.end(this.#ctx.method === 'HEAD' ? undefined : page);
      return;
    }
    if (decision === 'declined') {
      headers.push('Accept-Ranges', 'bytes');
      return this.#down.writeHead(status, headers, origin);
    }
    this.#range = decision;
    removeHeaders(headers, LENGTH);
    headers.push('Content-Range', `bytes ${decision.start}-${decision.end}/${size}`, 'Content-Length', String(decision.end - decision.start + 1));
    this.#down.writeHead(206, headers, origin);
  }

  #decide(headers: readonly string[], size: number): ByteRange | 'unsatisfiable' | 'declined' {
    // The first Range / If-Range line the client sent (nginx reads the first of several).
    const range = headerValue(this.#ctx.req.rawHeaders, 'range');
    if (range === undefined || range.length < 7 || range.slice(0, 6).toLowerCase() !== 'bytes=') return 'declined';
    if (!ifRangeAllows(headerValue(this.#ctx.req.rawHeaders, 'if-range'), headerValue(headers, 'etag'), headerValue(headers, 'last-modified'))) return 'declined';
    return parseRangeSet(range.slice(6), size);
  }

  write(chunk: Buffer | string): boolean {
    if (this.#replaced) return true;
    const range = this.#range;
    if (!range) return this.#down.write(chunk);
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const from = this.#offset;
    this.#offset += bytes.length;
    const start = Math.max(range.start - from, 0);
    const end = Math.min(range.end - from + 1, bytes.length);
    return start < end ? this.#down.write(bytes.subarray(start, end)) : true;
  }

  end(chunk?: Buffer | string): void {
    if (this.#replaced) return;
    if (chunk !== undefined && chunk.length > 0 && this.#range) {
      this.write(chunk);
      this.#down.end();
      return;
    }
    this.#down.end(chunk);
  }

  onceDrain(listener: () => void): void {
    this.#down.onceDrain(listener);
  }

  abort(): void {
    this.#down.abort();
  }
}
