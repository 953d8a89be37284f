// Relaying an HTTP/0.9 upstream answer (upstream/http09.ts marks it): as nginx, an HTTP/1
// client gets the bytes as they are, without a status line or headers, and the connection
// closes after them. (An HTTP/2 client gets them as the body of a 200: nginx would send
// ":status 000", which no client accepts.)
import type { ServerResponse } from 'node:http';
import { HTTP09_MARKER } from '../upstream/http09.ts';
import type { RequestContext } from '../runtime/types.ts';

/** Node's own bookkeeping of a response head; set by hand when no head is to be written. */
interface HeadState {
  _header: string | null;
  _headerSent: boolean;
  _last: boolean;
}

export function isHttp09Answer(rawHeaders: readonly (string | Buffer)[]): boolean {
  return rawHeaders.length >= 2 && String(rawHeaders[0]).toLowerCase() === HTTP09_MARKER;
}

/**
 * Prepares an HTTP/1 response to carry raw bytes: Node is told its head is already out
 * (so it writes none and no chunked framing) and that the connection ends with it.
 * Returns false (nothing changed) for HTTP/2, or if Node's fields are not there.
 */
export function startRawAnswer(ctx: RequestContext): boolean {
  if (ctx.req.httpVersionMajor >= 2) return false;
  const res = ctx.res as ServerResponse & Partial<HeadState>;
  if (!('_header' in res) || !('_headerSent' in res)) return false;
  res.statusCode = 200;
  res.shouldKeepAlive = false;
  res.chunkedEncoding = false;
  res._header = ' ';
  res._headerSent = true;
  res._last = true;
  return true;
}
