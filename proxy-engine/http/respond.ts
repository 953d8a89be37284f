// Responses Portico makes itself: redirects and "return" bodies, with the location's
// expires and add_header rules applied as nginx applies them.
import { STATUS_CODES } from 'node:http';
import type { RequestContext } from '../runtime/types.ts';
import { defaultErrorPage } from './error-pages.ts';
import { appendAddHeaders, appendExpires, serverHeader } from './response-headers.ts';
import { endOut, headOut } from './sink.ts';

function baseHeaders(ctx: RequestContext): string[] {
  const serverTokens = ctx.location?.serverTokens ?? ctx.runtime.settings.serverTokens;
  return ['Server', serverHeader(serverTokens), ctx.runtime.settings.requestIdHeader, ctx.requestId];
}

/** nginx's redirect: status, Location, and its small HTML body. */
export function sendRedirect(ctx: RequestContext, status: number, location: string): void {
  const serverTokens = ctx.location?.serverTokens ?? ctx.runtime.settings.serverTokens;
  const body = defaultErrorPage(status, serverTokens);
  const headers = baseHeaders(ctx);
  headers.push('Location', location, 'Content-Type', 'text/html', 'Content-Length', String(Buffer.byteLength(body)));
  appendExpires(headers, ctx, status);
  appendAddHeaders(headers, ctx, ctx.location?.responseHeaders ?? ctx.hostConfig?.responseHeaders ?? [], status);
  headOut(ctx, status, headers);
  endOut(ctx, ctx.method === 'HEAD' ? undefined : body);
}

/** nginx's "return code text". `extra` headers (CORS preflight answers) go before add_header's. */
export function sendText(ctx: RequestContext, status: number, body: string | Buffer, contentType: string, extra?: readonly string[]): void {
  const headers = baseHeaders(ctx);
  const noBody = status === 204 || status === 304 || status < 200;
  if (!noBody) headers.push('Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(body)));
  if (extra) headers.push(...extra);
  appendExpires(headers, ctx, status);
  appendAddHeaders(headers, ctx, ctx.location?.responseHeaders ?? ctx.hostConfig?.responseHeaders ?? [], status);
  headOut(ctx, status, headers);
  endOut(ctx, noBody || ctx.method === 'HEAD' ? undefined : body);
}

/** "return <code>" with no text for an error status sends the standard page, as nginx does. */
export function sendStatus(ctx: RequestContext, status: number): void {
  const serverTokens = ctx.location?.serverTokens ?? ctx.runtime.settings.serverTokens;
  if (status >= 400) {
    sendText(ctx, status, defaultErrorPage(status, serverTokens), 'text/html');
  } else {
    sendText(ctx, status, '', 'text/plain');
  }
}

export function statusText(status: number): string {
  return STATUS_CODES[status] ?? '';
}
