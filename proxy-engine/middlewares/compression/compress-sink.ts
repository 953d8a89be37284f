// A transforming sink: gzip or brotli, chunk by chunk with back-pressure (never the
// whole body in memory). Answers of known length up to SYNC_MAX are gzipped on the event
// loop (gzip-chunks.ts: no thread-pool round trip per chunk, as nginx compresses); larger
// or open-ended ones, and brotli, go through a zlib stream on the thread pool, so a big
// body never holds up other requests. As nginx's gzip filter it drops Content-Length and
// Accept-Ranges, weakens a strong ETag and adds Content-Encoding; an answer that is not
// eligible passes through untouched.
import zlib from 'node:zlib';
import type { RequestContext } from '../../runtime/types.ts';
import { headerValue, removeHeaders } from '../../http/header-list.ts';
import type { ResponseOrigin, ResponseSink } from '../../runtime/types.ts';
import { eligible, proxiedAllows, type CompiledCompression } from './eligibility.ts';
import { GzipChunks } from './gzip-chunks.ts';

export type Encoding = 'gzip' | 'br';

const DROPPED = new Set(['content-length', 'accept-ranges']);
/** Answers up to this length are gzipped on the event loop (a few hundred µs at most). */
export const SYNC_MAX = 256 * 1024;

/** nginx's ngx_http_weak_etag: W/ for a strong tag; a tag that is not quoted is dropped. */
function weakenEtag(headers: string[]): void {
  const etag = headerValue(headers, 'etag');
  if (etag === undefined || etag.startsWith('W/')) return;
  removeHeaders(headers, new Set(['etag']));
  if (etag.startsWith('"')) headers.push('ETag', `W/${etag}`);
}

/**
 * nginx's sizing for a body of known length: the window and memory level shrink with it
 * (a 1 KB answer needs 2 KB of window, not 32 KB), which makes each compressor far
 * cheaper to set up; the output is the same.
 */
export function gzipSizing(length: number | null): { windowBits: number; memLevel: number } {
  let windowBits = 15;
  let memLevel = 8;
  if (length !== null && length > 0) {
    while (windowBits > 9 && length < (1 << (windowBits - 1)) - 262) {
      windowBits--;
      memLevel--;
    }
  }
  return { windowBits, memLevel: Math.max(memLevel, 1) };
}

function createCompressor(encoding: Encoding, level: number, length: number | null, type: string): zlib.Gzip | zlib.BrotliCompress {
  if (encoding === 'gzip') return zlib.createGzip({ level, ...gzipSizing(length) });
  const params: Record<number, number> = { [zlib.constants.BROTLI_PARAM_QUALITY]: level };
  if (length !== null) params[zlib.constants.BROTLI_PARAM_SIZE_HINT] = length;
  if (type.startsWith('text/')) params[zlib.constants.BROTLI_PARAM_MODE] = zlib.constants.BROTLI_MODE_TEXT;
  return zlib.createBrotliCompress({ params });
}

export class CompressSink implements ResponseSink {
  readonly #ctx: RequestContext;
  readonly #down: ResponseSink;
  readonly #c: CompiledCompression;
  /** What the client accepts, null for none (the sink then only adds Vary). */
  readonly #encoding: Encoding | null;
  #zip: zlib.Gzip | zlib.BrotliCompress | null = null;
  #gzip: GzipChunks | null = null;
  #headSent = false;

  constructor(ctx: RequestContext, down: ResponseSink, c: CompiledCompression, encoding: Encoding | null) {
    this.#ctx = ctx;
    this.#down = down;
    this.#c = c;
    this.#encoding = encoding;
  }

  get headersSent(): boolean {
    return this.#headSent || this.#down.headersSent;
  }

  get pending(): number {
    const zip = this.#zip;
    return zip ? zip.writableLength + zip.readableLength + this.#down.pending : this.#down.pending;
  }

  writeHead(status: number, headers: string[], origin?: ResponseOrigin): void {
    this.#headSent = true;
    const c = this.#c;
    if (!eligible(c, status, headers)) {
      this.#down.writeHead(status, headers, origin);
      return;
    }
    if (c.vary) headers.push('Vary', 'Accept-Encoding');
    if (this.#encoding === null || !proxiedAllows(c, this.#ctx.req.headers, headers)) {
      this.#down.writeHead(status, headers, origin);
      return;
    }
    const lengthText = headerValue(headers, 'content-length');
    const length = lengthText === undefined ? null : Number(lengthText);
    const type = (headerValue(headers, 'content-type') ?? '').toLowerCase();
    removeHeaders(headers, DROPPED);
    weakenEtag(headers);
    headers.push('Content-Encoding', this.#encoding);
    const down = this.#down;
    // HEAD: the headers of the compressed answer, and no body (so no compressor).
    if (this.#ctx.method === 'HEAD') {
      down.writeHead(status, headers, origin);
      return;
    }
    if (this.#encoding === 'gzip' && length !== null && length <= SYNC_MAX) {
      const { windowBits, memLevel } = gzipSizing(length);
      this.#gzip = new GzipChunks(c.level, windowBits, memLevel);
      down.writeHead(status, headers, origin);
      return;
    }
    const zip = createCompressor(this.#encoding, c.level, length, type);
    this.#zip = zip;
    zip.on('data', (out: Buffer) => {
      if (!down.write(out)) {
        zip.pause();
        down.onceDrain(() => zip.resume());
      }
    });
    zip.once('end', () => down.end());
    zip.once('error', () => down.abort());
    down.writeHead(status, headers, origin);
  }

  write(chunk: Buffer | string): boolean {
    if (this.#gzip) return this.#down.write(this.#gzip.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    const zip = this.#zip;
    if (!zip) return this.#down.write(chunk);
    const ok = zip.write(chunk);
    // Unbuffered locations (SSE) need each event on the wire now, compressed or not.
    if (this.#c.flushEach) zip.flush(this.#encoding === 'br' ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH);
    return ok;
  }

  end(chunk?: Buffer | string): void {
    const gzip = this.#gzip;
    if (gzip) {
      const last = chunk === undefined || chunk.length === 0 ? null : gzip.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      this.#down.end(last ? Buffer.concat([last, gzip.finish()]) : gzip.finish());
      return;
    }
    const zip = this.#zip;
    if (!zip) this.#down.end(chunk);
    else if (chunk !== undefined) zip.end(chunk);
    else zip.end();
  }

  onceDrain(listener: () => void): void {
    const zip = this.#zip;
    if (!zip) this.#down.onceDrain(listener);
    else if (zip.writableNeedDrain) zip.once('drain', listener);
    else queueMicrotask(listener);
  }

  abort(): void {
    this.#zip?.destroy();
    this.#down.abort();
  }
}
