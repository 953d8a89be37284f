// Byte ranges of a cached 200, as nginx's range filter serves them from the cache: only
// when the upstream sent Accept-Ranges (nginx then allows ranges on cached answers), one
// range per request (a multi-range request gets the whole body, which HTTP allows), and
// If-Range honoured against the entry's validators.
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue, removeHeaders } from '../http/header-list.ts';
import { NOT_MODIFIED_DROPS } from './conditional.ts';
import { ifRangeAllows, parseRangeSet } from '../http/byte-ranges.ts';

export type RangeResult = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * The range to send of a body of `size` bytes; null for the whole body. Read as nginx's
 * range filter reads it (http/byte-ranges.ts): "bytes=" in any case, spaces allowed, a
 * range it cannot read or satisfy is 416, several ranges the whole body. (With
 * proxy_force_ranges, pipeline/force-ranges.ts ranges what this leaves whole.)
 */
export function cachedRange(request: IncomingHttpHeaders, stored: readonly string[], size: number, etag: string | null, lastModified: string | null): RangeResult {
  const header = request.range;
  if (typeof header !== 'string' || header.length < 7 || header.slice(0, 6).toLowerCase() !== 'bytes=') return null;
  if (!/^bytes$/i.test(headerValue(stored, 'accept-ranges')?.trim() ?? '')) return null;
  const ifRange = request['if-range'];
  if (!ifRangeAllows(typeof ifRange === 'string' ? ifRange : undefined, etag ?? undefined, lastModified ?? undefined)) return null;
  const decision = parseRangeSet(header.slice(6), size);
  return decision === 'declined' ? null : decision;
}

// nginx advertises ranges only on whole answers: the upstream's Accept-Ranges goes from a 206.
const LENGTH = new Set(['content-length', 'accept-ranges']);

/** The head of a 206 for `range` of `total` bytes, in place. */
export function partialHead(headers: string[], range: { start: number; end: number }, total: number): void {
  removeHeaders(headers, LENGTH);
  headers.push('Content-Range', `bytes ${range.start}-${range.end}/${total}`, 'Content-Length', String(range.end - range.start + 1));
}

/** The head of a 416 (no body), in place. */
export function unsatisfiableHead(headers: string[], total: number): void {
  removeHeaders(headers, NOT_MODIFIED_DROPS);
  headers.push('Content-Range', `bytes */${total}`, 'Content-Length', '0');
}

/** Cuts the client's range out of a body streamed chunk by chunk. */
export class RangeSlicer {
  readonly #start: number;
  readonly #end: number;
  #offset = 0;

  constructor(range: { start: number; end: number }) {
    this.#start = range.start;
    this.#end = range.end;
  }

  /** The part of the next chunk inside the range; null when none of it is. */
  next(chunk: Buffer | string): Buffer | null {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const from = this.#offset;
    this.#offset += bytes.length;
    const start = Math.max(this.#start - from, 0);
    const end = Math.min(this.#end - from + 1, bytes.length);
    return start < end ? bytes.subarray(start, end) : null;
  }
}
