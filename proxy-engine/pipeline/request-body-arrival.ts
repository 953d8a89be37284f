// With request buffering off, nginx still sends a chunked HTTP/1.1 body with
// Content-Length when the whole body came in with the request header (it was read in
// the same buffer, so its length is known before the upstream is contacted); one that
// is still arriving goes upstream chunked. Over HTTP/2 the request starts on its HEADERS
// frame, before any DATA is read, so such a body is always streamed.
import type { RequestContext } from '../runtime/types.ts';

/**
 * Whether the client's HTTP/1.1 body is already complete: bytes that came with the
 * header are parsed in the same turn of the event loop, so one turn is enough to know.
 */
export async function arrivedWhole(ctx: RequestContext): Promise<boolean> {
  if (ctx.req.httpVersionMajor >= 2) return false;
  if (ctx.req.complete) return true;
  await new Promise<void>((resolve) => setImmediate(resolve));
  return ctx.req.complete;
}
