// Byte ranges of a cached 200, as nginx's range filter serves them from the cache: only
// when the upstream sent Accept-Ranges (nginx then allows ranges on cached answers), one
// range per request (a multi-range request gets the whole body, which HTTP allows), and
// If-Range honoured against the entry's validators.
import type { IncomingHttpHeaders } from 'node:http';
import { headerValue, removeHeaders } from '../http/header-list.ts';
import { NOT_MODIFIED_DROPS } from './conditional.ts';

export type RangeResult = { start: number; end: number } | 'unsatisfiable' | null;

function ifRangeHolds(ifRange: string, etag: string | null, lastModified: string | null): boolean {
  const value = ifRange.trim();
  if (value.endsWith('"')) return etag !== null && !etag.startsWith('W/') && etag === value;
  return lastModified !== null && Date.parse(value) === Date.parse(lastModified);
}

/** The range to send of a body of `size` bytes; null for the whole body. */
export function cachedRange(request: IncomingHttpHeaders, stored: readonly string[], size: number, etag: string | null, lastModified: string | null): RangeResult {
  const header = request.range;
  if (header === undefined || size === 0) return null;
  if (!/^bytes$/i.test(headerValue(stored, 'accept-ranges')?.trim() ?? '')) return null;
  const ifRange = request['if-range'];
  if (typeof ifRange === 'string' && !ifRangeHolds(ifRange, etag, lastModified)) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end = size - 1;
  if (m[1] === '') start = Math.max(0, size - Number(m[2]));
  else {
    start = Number(m[1]);
    if (m[2] !== '') end = Math.min(end, Number(m[2]));
  }
  if (start >= size) return 'unsatisfiable';
  if (start > end) return null;
  return { start, end };
}

const LENGTH = new Set(['content-length']);

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
