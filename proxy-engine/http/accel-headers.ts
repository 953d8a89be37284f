// X-Accel-Redirect (nginx): the upstream's answer is replaced by an internal redirect,
// and a few of its headers go on to the final answer (measured against nginx 1.22):
// Set-Cookie, Content-Disposition, Cache-Control, Expires and Accept-Ranges are added;
// its Content-Type stays unless the new answer brings its own (a proxied answer, a
// status page); everything else of it (status, ETag, Last-Modified, body…) is dropped.
import type { RequestContext, ResponseOrigin } from '../runtime/types.ts';
import { headerValue } from './header-list.ts';

const CARRIED = new Set(['set-cookie', 'content-disposition', 'cache-control', 'expires', 'accept-ranges']);

export interface AccelRedirect {
  /** The header's value: a URI (with its own query) or "@name". */
  target: string;
  /** The upstream headers that go on to the final answer. */
  carried: string[];
  contentType: string | null;
}

/** The X-Accel-Redirect of an upstream answer, or null. */
export function accelRedirectOf(rawHeaders: readonly (string | Buffer)[]): AccelRedirect | null {
  // Almost no answer has one: find it before collecting what it would carry.
  const target = headerValue(rawHeaders, 'x-accel-redirect')?.trim();
  if (target === undefined) return null;
  let contentType: string | null = null;
  const carried: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toString('latin1');
    const lower = name.toLowerCase();
    if (lower === 'content-type') contentType ??= rawHeaders[i + 1]!.toString('latin1').trim();
    else if (CARRIED.has(lower)) carried.push(name, rawHeaders[i + 1]!.toString('latin1').trim());
  }
  return { target, carried, contentType };
}

/** The final answer's headers with what the redirecting upstream carried over. */
export function withAccelHeaders(ctx: RequestContext, status: number, headers: string[], origin: ResponseOrigin | undefined): string[] {
  const accel = ctx.accelRedirect!;
  // A status page (and nginx's special responses) drops Accept-Ranges and brings its own type.
  const page = status >= 300 && origin?.kind !== 'upstream';
  const out: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    const lower = headers[i]!.toLowerCase();
    if (lower === 'content-type' && accel.contentType !== null && !page && origin?.kind !== 'upstream') continue;
    out.push(headers[i]!, headers[i + 1]!);
  }
  if (accel.contentType !== null && !page && origin?.kind !== 'upstream') out.push('Content-Type', accel.contentType);
  for (let i = 0; i < accel.carried.length; i += 2) {
    if (page && accel.carried[i]!.toLowerCase() === 'accept-ranges') continue;
    out.push(accel.carried[i]!, accel.carried[i + 1]!);
  }
  return out;
}

/** X-Accel-Buffering: "yes" / "no" (any case) for this answer; null: the location's proxy_buffering. */
export function accelBuffering(rawHeaders: readonly (string | Buffer)[]): boolean | null {
  const value = headerValue(rawHeaders, 'x-accel-buffering')?.trim().toLowerCase();
  return value === 'yes' ? true : value === 'no' ? false : null;
}
