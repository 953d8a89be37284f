// Small, clear, brand-neutral error pages (nginx's status texts), or the host's own.
import { STATUS_CODES } from 'node:http';
import type { RequestContext } from '../runtime/types.ts';
import { serverHeader } from './response-headers.ts';
import { appendAddHeaders } from './response-headers.ts';
import { abortOut, endOut, headersSentOut, headOut, writeHeadRaw } from './sink.ts';
import type { ResponseOrigin } from '../runtime/types.ts';

const HINTS: Record<number, string> = {
  400: 'The request could not be understood.',
  403: 'You do not have access to this resource.',
  404: 'The requested resource was not found.',
  405: 'This method is not allowed here.',
  408: 'The request took too long to arrive.',
  413: 'The request body is larger than this server accepts.',
  414: 'The request URI is too long.',
  429: 'Too many requests. Please slow down and try again shortly.',
  431: 'The request headers are too large.',
  500: 'The server encountered an internal error.',
  502: 'The upstream server could not be reached or sent an invalid response.',
  503: 'The service is temporarily unavailable.',
  504: 'The upstream server did not answer in time.',
};

const cache = new Map<string, string>();

export function defaultErrorPage(status: number, serverTokens: boolean): string {
  const key = `${status}|${serverTokens}`;
  let page = cache.get(key);
  if (page === undefined) {
    const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
    const hint = HINTS[status] ?? '';
    page =
      `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
      `<title>${title}</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:15vh auto;max-width:32rem;padding:0 1rem;color:#222}` +
      `h1{font-size:1.5rem;margin:0 0 .5rem}p{color:#555}hr{border:0;border-top:1px solid #ddd}small{color:#888}` +
      `@media(prefers-color-scheme:dark){body{background:#111;color:#eee}p{color:#aaa}hr{border-color:#333}}</style></head>\n` +
      `<body><h1>${title}</h1><p>${hint}</p><hr><small>${serverHeader(serverTokens)}</small></body></html>\n`;
    cache.set(key, page);
  }
  return page;
}

export interface ErrorOptions {
  /** Extra response headers (e.g. Allow, Retry-After, WWW-Authenticate). */
  headers?: [string, string][];
  /** Close the client connection after the response (framing errors). */
  close?: boolean;
  /** The page stands in for a failed upstream (the cache may serve a stale entry instead). */
  origin?: ResponseOrigin;
}

/** Sends an error response unless headers already went out (then the stream is cut). */
export function sendError(ctx: RequestContext, status: number, options: ErrorOptions = {}): void {
  // 444 is nginx's "close the connection without a response" (limit_req_status 444, …).
  if (headersSentOut(ctx) || status === 444) {
    if (status === 444) ctx.upstreamStatus = 444;
    abortOut(ctx);
    return;
  }
  const custom = ctx.hostConfig?.errorPages.get(status);
  const serverTokens = ctx.location?.serverTokens ?? ctx.runtime.settings.serverTokens;
  const body = custom ? custom.body : defaultErrorPage(status, serverTokens);
  const headers: string[] = [
    'Server', serverHeader(serverTokens),
    'Content-Type', custom ? custom.contentType : 'text/html',
    'Content-Length', String(Buffer.byteLength(body)),
  ];
  headers.push(ctx.runtime.settings.requestIdHeader, ctx.requestId);
  for (const [name, value] of options.headers ?? []) headers.push(name, value);
  appendAddHeaders(headers, ctx, ctx.location?.responseHeaders ?? ctx.hostConfig?.responseHeaders ?? [], status);
  if (options.close && ctx.req.httpVersionMajor === 1) headers.push('Connection', 'close');
  headOut(ctx, status, headers, options.origin);
  // A Buffer: with a string, Node writes the header block in the body's encoding (UTF-8),
  // which would re-encode header bytes above 0x7f (a realm's UTF-8, sent one byte per character).
  endOut(ctx, ctx.method === 'HEAD' ? undefined : Buffer.from(body));
}

/** writeHead with a flat [name, value, …] list on HTTP/1 and HTTP/2 alike (lives in sink.ts). */
export { writeHeadRaw };
