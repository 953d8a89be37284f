// The client's request body on its way upstream: size limit (client_max_body_size →
// 413), and buffering when the body must be replayable for a retry.
import { Transform, type TransformCallback } from 'node:stream';
import type { RequestContext } from './context.ts';

/** Bodies up to this size are read whole before the upstream is contacted when retries are possible. */
export const REPLAYABLE_BODY_MAX = 1024 * 1024;

export class BodyTooLarge extends Error {
  readonly code = 'PORTICO_BODY_TOO_LARGE';
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
  if (ctx.req.httpVersionMajor >= 2) return !(ctx.req as { readableEnded?: boolean }).readableEnded && ctx.method !== 'GET' && ctx.method !== 'HEAD';
  return ctx.req.headers['transfer-encoding'] !== undefined;
}

/** Counts bytes as they stream and fails the stream past the limit (for chunked bodies). */
export function limitBody(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      seen += chunk.length;
      if (limit > 0 && seen > limit) callback(new BodyTooLarge(`request body exceeds ${limit} bytes`));
      else callback(null, chunk);
    },
  });
}

/** Reads the whole body into memory (it is known to be at most REPLAYABLE_BODY_MAX). */
export function readBody(ctx: RequestContext, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    ctx.req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (limit > 0 && size > limit) {
        ctx.req.removeAllListeners('data');
        reject(new BodyTooLarge(`request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    ctx.req.once('end', () => resolve(Buffer.concat(chunks, size)));
    ctx.req.once('error', reject);
  });
}
