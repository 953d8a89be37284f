// nginx answers `return` (ngx_http_send_response) by discarding the request body first,
// then evaluates the text or URL. Discarding a chunked body that came whole sets its
// content_length_n to 0, so $content_length in that text is "0" (a body with a
// Content-Length keeps its header's value).
import type { RequestContext } from '../runtime/types.ts';

export function markBodyDiscarded(ctx: RequestContext): void {
  if (ctx.readBodyLength !== undefined || ctx.req.headers['content-length'] !== undefined) return;
  if (ctx.req.headers['transfer-encoding'] !== undefined) ctx.readBodyLength = 0;
}
