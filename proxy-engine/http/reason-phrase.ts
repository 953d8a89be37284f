// The upstream's reason phrase ("404 Nothing Here"): nginx sends the upstream's status
// line on to HTTP/1 clients as received, as long as nothing changed the status (a 304
// from the cache's revalidation, an error page of its own get the standard text).
import type { RequestContext } from '../runtime/types.ts';

/** What Node accepts in a reason phrase (it throws on anything else). */
const VALID = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The upstream's reason for this status, or undefined for the standard text. */
export function upstreamReasonFor(ctx: RequestContext, status: number): string | undefined {
  const reason = ctx.upstreamReason;
  if (reason === undefined || reason.status !== status || !VALID.test(reason.text)) return undefined;
  return reason.text;
}
