// Client conditional requests against a cached 200 (nginx's not_modified filter): the
// cache takes If-None-Match / If-Modified-Since off the upstream request, so it answers
// them itself from the entry's validators.
import type { IncomingHttpHeaders } from 'node:http';

const WEAK = /^W\//;

function etagMatches(list: string, etag: string): boolean {
  if (list.trim() === '*') return true;
  const wanted = etag.replace(WEAK, '');
  for (const token of list.split(',')) {
    if (token.trim().replace(WEAK, '') === wanted) return true;
  }
  return false;
}

/** True when the client already has this version (answer 304). */
export function notModified(headers: IncomingHttpHeaders, etag: string | null, lastModified: string | null): boolean {
  const inm = headers['if-none-match'];
  const ims = headers['if-modified-since'];
  if (inm === undefined && ims === undefined) return false;
  if (ims !== undefined) {
    // nginx's default (if_modified_since exact): the dates must be equal.
    if (lastModified === null) return false;
    const since = Date.parse(ims);
    if (Number.isNaN(since) || since !== Date.parse(lastModified)) return false;
  }
  if (inm !== undefined) {
    if (etag === null || !etagMatches(inm, etag)) return false;
  }
  return true;
}

/** Headers a 304 leaves out (nginx clears them when it turns a 200 into a 304). */
export const NOT_MODIFIED_DROPS: ReadonlySet<string> = new Set(['content-type', 'content-length', 'accept-ranges', 'content-encoding', 'transfer-encoding']);
