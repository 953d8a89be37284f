// The upstream's reason phrase ("404 Nothing Here"): nginx sends the upstream's status
// line on to HTTP/1 clients as received, as long as nothing changed the status (a 304
// from the cache's revalidation, an error page of its own get the standard text).
import type { RequestContext } from '../runtime/types.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';

/** What Node accepts in a reason phrase (it throws on anything else). */
const VALID = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The upstream's reason for this status, or undefined for the standard text. */
export function upstreamReasonFor(ctx: RequestContext, status: number): string | undefined {
  const reason = ctx.upstreamReason;
  if (reason === undefined || reason.status !== status) return undefined;
  // undici decodes the phrase as UTF-8 and Node writes it as Latin-1: back to the bytes
  // received (a phrase that was not UTF-8 cannot be recovered: the standard text then).
  const text = reason.text.includes('\uFFFD') ? null : utf8Bytes(reason.text);
  return text !== null && VALID.test(text) ? text : undefined;
}
