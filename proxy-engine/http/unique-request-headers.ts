// Request headers nginx 1.22 reads as one value and refuses twice (400, "client sent
// duplicate header line"; ngx_http_process_unique_header_line): Host is checked by the
// handler itself, Content-Length and Transfer-Encoding by Node's parser, Expect by Node too
// (417 before the request reaches Portico). Other repeated
// headers are kept, as nginx keeps them.
const UNIQUE = new Set(['authorization', 'if-modified-since', 'if-unmodified-since', 'if-match', 'if-none-match', 'if-range', 'content-range']);

export function hasDuplicateUniqueHeader(rawHeaders: readonly string[]): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (!UNIQUE.has(name)) continue;
    if (seen.has(name)) return true;
    seen.add(name);
  }
  return false;
}
