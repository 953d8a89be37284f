// The client's request body on its way upstream: size limit (client_max_body_size →
// 413), completeness (a body the client did not finish never ends as if it had), and
// buffering when the body must be replayable for a retry.
import http2 from 'node:http2';
import { Transform, type TransformCallback } from 'node:stream';
import type { ClientRequest, RequestContext } from '../runtime/types.ts';

/** Bodies up to this size are read whole before the upstream is contacted when retries are possible. */
export const REPLAYABLE_BODY_MAX = 1024 * 1024;

export class BodyTooLarge extends Error {
  readonly code = 'PORTICO_BODY_TOO_LARGE';
}

/**
 * The client's body ended before it was complete (the connection closed, RST_STREAM, a
 * chunked framing error) or did not add up to its content-length. Not the upstream's
 * fault: nothing is retried and no server is marked failed.
 */
export class ClientBodyIncomplete extends Error {
  readonly code = 'PORTICO_CLIENT_BODY_INCOMPLETE';
}

export function declaredLength(ctx: RequestContext): number | null {
  const value = ctx.req.headers['content-length'];
  if (value === undefined) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Whether the request carries a body at all (Content-Length > 0 or chunked). */
export function hasBody(ctx: RequestContext): boolean {
  const length = declaredLength(ctx);
  if (length !== null) return length > 0;
  // HTTP/2: a body follows unless END_STREAM came with the HEADERS frame, whatever the
  // method (nginx forwards a GET's body too).
  if (ctx.req.httpVersionMajor >= 2) return !endedWithHeaders(ctx.req);
  return ctx.req.headers['transfer-encoding'] !== undefined;
}

/**
 * The body as it goes upstream: counts bytes, fails past the size limit or past the
 * declared length, and at its end checks that the declared length was reached.
 */
export class ClientBody extends Transform {
  /** Bytes the client has sent so far. */
  received = 0;
  readonly #declared: number | null;
  readonly #limit: number;

  constructor(declared: number | null, limit: number) {
    super();
    this.#declared = declared;
    this.#limit = limit;
  }

  #iterated = false;

  /** Whether a consumer started reading it: a streamed body can then not be sent to another server. */
  get consumed(): boolean {
    return this.#iterated || this.readableFlowing !== null || this.destroyed;
  }

  /**
   * The body as a source undici always sends chunked: given the stream itself, it sends a
   * stream that has already ended with Content-Length, where nginx (request buffering
   * off) streams whatever was not complete when the request went upstream.
   */
  chunkedSource(): AsyncIterable<Buffer> & { readonly source: ClientBody } {
    return {
      source: this,
      [Symbol.asyncIterator]: () => {
        this.#iterated = true;
        return this[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      },
    };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.#limit > 0 && this.received > this.#limit) callback(new BodyTooLarge(`request body exceeds ${this.#limit} bytes`));
    else if (this.#declared !== null && this.received > this.#declared) callback(new ClientBodyIncomplete(`request body longer than its content-length ${this.#declared}`));
    else callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.#declared !== null && this.received !== this.#declared) callback(new ClientBodyIncomplete(`request body of ${this.received} bytes, content-length ${this.#declared}`));
    else callback();
  }
}

/** HTTP/1.1 connections whose request body is being read: a parser error on one fails it. */
const reading = new WeakMap<object, { fail: (reason: string) => void; ctx: RequestContext }>();

/**
 * The client's body as a stream that ends only when the client completed the message:
 * over HTTP/1.1 when Node's parser saw the Content-Length reached or the last chunk; over
 * HTTP/2 when END_STREAM arrived on a stream that was not reset (Node's compatibility
 * layer ends the request stream on RST_STREAM and on a lost connection as if END_STREAM
 * had come, with 'aborted' first). Every other ending destroys it with
 * ClientBodyIncomplete, so its consumer (undici sending it upstream, readBody) fails
 * instead of finishing: the upstream sees its connection close mid-message, or nothing.
 */
export function clientBody(ctx: RequestContext, limit: number): ClientBody {
  const req = ctx.req;
  const body = new ClientBody(declaredLength(ctx), limit);
  // The failure reaches its consumer (readBody, the spool, undici), which may attach only
  // later (request buffering off waits a turn to see whether the body came whole).
  body.on('error', () => {});
  const h2 = req.httpVersionMajor >= 2;
  let settled = false;
  const settle = () => {
    settled = true;
    // A pipelined next request may have registered its own body on this connection already.
    if (!h2 && reading.get(req.socket)?.fail === fail) reading.delete(req.socket);
  };
  const fail = (reason: string) => {
    if (settled) return;
    settle();
    body.destroy(new ClientBodyIncomplete(reason));
  };
  req.once('aborted', () => fail('the client aborted the request body'));
  req.on('error', (error: Error) => fail(`the request body failed: ${error.message}`));
  // HTTP/1.1: 'close' before 'end' is a connection lost mid-body. HTTP/2 requests close
  // before their 'end' event on a normal stream too; 'aborted' and the reset code decide.
  req.once('close', () => {
    if (!h2) fail('the connection closed before the request body was complete');
  });
  req.once('end', () => {
    if (settled) return;
    if (h2 && streamWasReset(req)) return fail('the client reset the stream before the request body was complete');
    settle();
    body.end();
  });
  if (!h2) reading.set(req.socket, { fail, ctx });
  req.pipe(body, { end: false });
  return body;
}

function endedWithHeaders(req: ClientRequest): boolean {
  const stream = (req as unknown as http2.Http2ServerRequest).stream as (http2.ServerHttp2Stream & { endAfterHeaders?: boolean }) | undefined;
  return stream?.endAfterHeaders ?? (req as { readableEnded?: boolean }).readableEnded === true;
}

function streamWasReset(req: ClientRequest): boolean {
  const compat = req as unknown as http2.Http2ServerRequest;
  const code = compat.stream?.rstCode;
  return compat.aborted || (code !== undefined && code !== http2.constants.NGHTTP2_NO_ERROR);
}

/**
 * A parser error on an HTTP/1.1 connection (a bad chunk size, EOF mid-body) fails the
 * request body being read on it. Returns null when no body was being read, otherwise
 * whether that request's answer had begun (an error page would land inside it).
 */
export function failClientBody(socket: object, reason: string): { answerStarted: boolean } | null {
  const entry = reading.get(socket);
  if (!entry) return null;
  entry.fail(reason);
  return { answerStarted: entry.ctx.res.headersSent };
}

/** Reads the whole body into memory (it is known to be at most REPLAYABLE_BODY_MAX). */
export function readBody(body: ClientBody): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', reject);
  });
}
