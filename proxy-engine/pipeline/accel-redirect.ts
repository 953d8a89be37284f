// Following an upstream's X-Accel-Redirect as nginx does: "@name" runs that named
// location with the URI unchanged; a URI (with its own query, or none) is an internal
// redirect as GET (HEAD stays HEAD); an empty one is 404. The headers it carries are
// added to whatever answers (http/accel-headers.ts).
import type { AccelRedirect } from '../http/accel-headers.ts';
import { sendError } from '../http/error-pages.ts';
import type { RequestContext } from '../runtime/types.ts';
import { internalRedirect, runNamedLocation } from './handler.ts';

export function followAccelRedirect(ctx: RequestContext, accel: AccelRedirect): void {
  ctx.accelRedirect = { carried: accel.carried, contentType: accel.contentType };
  // The upstream's status is not the answer's.
  ctx.upstreamStatus = 0;
  if (accel.target.startsWith('@')) return runNamedLocation(ctx, accel.target);
  if (!accel.target.startsWith('/')) return sendError(ctx, 404);
  if (ctx.method !== 'HEAD') ctx.method = 'GET';
  internalRedirect(ctx, accel.target);
}
