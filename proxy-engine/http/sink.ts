// Where a response goes. Producers (forward, static files, redirects, error pages, cache
// hits) write through the helpers below. With no content filter on the location
// (ctx.sink unset) the helpers are the same direct writes to the client response as
// before, so the common path pays one property check. A content filter (compression,
// the cache fill) installs a sink that wraps the one below it; the bottom of every chain
// is the client response (clientSink).
import type { RequestContext } from '../runtime/types.ts';
import type { ResponseOrigin, ResponseSink } from '../runtime/types.ts';
import { upstreamReasonFor } from './reason-phrase.ts';
import { withAccelHeaders } from './accel-headers.ts';
import { withCharset } from './charset-filter.ts';

/** writeHead with a flat [name, value, …] list on HTTP/1 and HTTP/2 alike. */
export function writeHeadRaw(ctx: RequestContext, status: number, headers: string[], origin?: ResponseOrigin): void {
  const producedBy = origin;
  // An error page answers with the error's status (or its "=code"), whatever its target answered.
  if (ctx.errorPageStatus && ctx.errorPageStatus !== status) {
    status = ctx.res.statusCode = ctx.errorPageStatus;
    headers = withoutValidatorsFor(status, headers);
    // The upstream's reason phrase belonged to its own status, not this one.
    origin = undefined;
  }
  // nginx's charset filter, on the status that goes out; the cache stores the upstream's
  // own Content-Type (as nginx does) and compression reads the type before the parameter.
  headers = withCharset(ctx, status, headers, producedBy);
  if (ctx.req.httpVersionMajor >= 2) {
    const object: Record<string, string | string[]> = {};
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i]!.toLowerCase();
      if (name === 'connection' || name === 'keep-alive' || name === 'transfer-encoding') continue;
      // nginx's HTTP/2 module drops both from every 204 (HTTP/1 keeps an upstream's).
      if (status === 204 && (name === 'content-type' || name === 'content-length')) continue;
      const existing = object[name];
      object[name] = existing === undefined ? headers[i + 1]! : Array.isArray(existing) ? [...existing, headers[i + 1]!] : [existing, headers[i + 1]!];
    }
    (ctx.res as unknown as import('node:http2').Http2ServerResponse).writeHead(status, object);
    return;
  }
  // Only an upstream's own answer carries its reason phrase (not an error page standing in).
  const reason = origin?.kind === 'upstream' ? upstreamReasonFor(ctx, status) : undefined;
  if (reason === undefined) ctx.res.writeHead(status, headers);
  else ctx.res.writeHead(status, reason, headers);
}

/**
 * nginx's header filter sends Last-Modified only with 200, 206 and 304, and its range
 * filter offers Accept-Ranges only on a 200: an error page's file loses them.
 */
function withoutValidatorsFor(status: number, headers: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!.toLowerCase();
    if (name === 'last-modified' && status !== 200 && status !== 206 && status !== 304) continue;
    if (name === 'accept-ranges' && status !== 200) continue;
    out.push(headers[i]!, headers[i + 1]!);
  }
  return out;
}

/** The client response as a sink: the bottom of every filter chain. */
class ClientSink implements ResponseSink {
  readonly #ctx: RequestContext;
  /** HEAD: the head goes out, body bytes from filters (a GET filled cache entry) do not. */
  readonly #headOnly: boolean;
  #blocked = false;

  constructor(ctx: RequestContext) {
    this.#ctx = ctx;
    this.#headOnly = ctx.method === 'HEAD';
  }

  get headersSent(): boolean {
    return this.#ctx.res.headersSent;
  }

  get pending(): number {
    return this.#ctx.res.writableLength;
  }

  writeHead(status: number, headers: string[], origin?: ResponseOrigin): void {
    this.#ctx.res.statusCode = status;
    writeHeadRaw(this.#ctx, status, headers, origin);
  }

  write(chunk: Buffer | string): boolean {
    if (this.#headOnly) return true;
    const ok = this.#ctx.res.write(asBytes(chunk));
    if (!ok && !this.#blocked) {
      this.#blocked = true;
      this.#ctx.res.once('drain', () => (this.#blocked = false));
    }
    return ok;
  }

  end(chunk?: Buffer | string): void {
    this.#ctx.res.end(this.#headOnly ? undefined : asBytes(chunk));
  }

  onceDrain(listener: () => void): void {
    // Listeners added after ours run after it, so #blocked is already false for them.
    if (this.#blocked) this.#ctx.res.once('drain', listener);
    else queueMicrotask(listener);
  }

  abort(): void {
    this.#ctx.res.destroy();
  }
}

export function clientSink(ctx: RequestContext): ResponseSink {
  return new ClientSink(ctx);
}

/** The sink a filter wraps: the current one, or the client response. */
export function downstreamOf(ctx: RequestContext): ResponseSink {
  return ctx.sink ?? new ClientSink(ctx);
}

/** Accepts and drops everything (background cache updates have no client). */
export function nullSink(): ResponseSink {
  let sent = false;
  return {
    get headersSent() {
      return sent;
    },
    pending: 0,
    writeHead: () => void (sent = true),
    write: () => true,
    end: () => undefined,
    onceDrain: (listener) => queueMicrotask(listener),
    abort: () => undefined,
  };
}

export function headOut(ctx: RequestContext, status: number, headers: string[], origin?: ResponseOrigin): void {
  if (ctx.accelRedirect) headers = withAccelHeaders(ctx, status, headers, origin);
  const sink = ctx.sink;
  if (sink) sink.writeHead(status, headers, origin);
  else {
    ctx.res.statusCode = status;
    writeHeadRaw(ctx, status, headers, origin);
  }
}

export function bodyOut(ctx: RequestContext, chunk: Buffer | string): boolean {
  const sink = ctx.sink;
  return sink ? sink.write(chunk) : ctx.res.write(asBytes(chunk));
}

// Node writes the response head in the encoding of a string body sent along with it
// (UTF-8): a header holding bytes above 0x7F (a capture of "caf%C3%A9" in a Location or
// add_header value) would go out encoded twice. A body as bytes keeps the head in latin1,
// byte for byte, as nginx sends it.
function asBytes(chunk: Buffer | string): Buffer;
function asBytes(chunk: Buffer | string | undefined): Buffer | undefined;
function asBytes(chunk: Buffer | string | undefined): Buffer | undefined {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

export function endOut(ctx: RequestContext, chunk?: Buffer | string): void {
  const data = asBytes(chunk);
  const sink = ctx.sink;
  if (sink) sink.end(data);
  else ctx.res.end(data);
}

/** After bodyOut returned false. */
export function drainOut(ctx: RequestContext, listener: () => void): void {
  const sink = ctx.sink;
  if (sink) sink.onceDrain(listener);
  else ctx.res.once('drain', listener);
}

export function pendingOut(ctx: RequestContext): number {
  const sink = ctx.sink;
  return sink ? sink.pending : ctx.res.writableLength;
}

export function headersSentOut(ctx: RequestContext): boolean {
  const sink = ctx.sink;
  return sink ? sink.headersSent : ctx.res.headersSent;
}

export function abortOut(ctx: RequestContext): void {
  const sink = ctx.sink;
  if (sink) sink.abort();
  else ctx.res.destroy();
}

/** Streams a readable into the response with back-pressure; cuts the response if it fails. */
export function pumpOut(ctx: RequestContext, stream: NodeJS.ReadableStream & { destroy(): void }): void {
  const sink = ctx.sink;
  if (!sink) {
    stream.on('error', () => ctx.res.destroy());
    ctx.res.once('close', () => stream.destroy());
    stream.pipe(ctx.res as NodeJS.WritableStream);
    return;
  }
  pumpInto(sink, stream, ctx);
}

export function pumpInto(sink: ResponseSink, stream: NodeJS.ReadableStream & { destroy(): void }, ctx: RequestContext): void {
  const onClose = () => stream.destroy();
  ctx.res.once('close', onClose);
  stream.on('data', (chunk: Buffer) => {
    if (!sink.write(chunk)) {
      stream.pause();
      sink.onceDrain(() => stream.resume());
    }
  });
  stream.on('end', () => {
    ctx.res.off('close', onClose);
    sink.end();
  });
  stream.on('error', () => {
    ctx.res.off('close', onClose);
    sink.abort();
  });
}
