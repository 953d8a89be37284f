// Does the client accept gzip (or br)? nginx's reading of Accept-Encoding
// (ngx_http_gzip_accept_encoding): the token must start the header or follow "," or " ",
// and an explicit q of 0 (or a malformed q) refuses it. "*" does not count, as in nginx.

/** nginx's ngx_http_gzip_quantity: q × 100, 0 for anything malformed. */
function quantity(text: string, at: number): number {
  let i = at;
  const first = text[i++];
  if (first !== '0' && first !== '1') return 0;
  let q = (first === '1' ? 1 : 0) * 100;
  if (i >= text.length) return q;
  const c = text[i++];
  if (c === ',' || c === ' ') return q;
  if (c !== '.') return 0;
  let digits = 0;
  while (i < text.length) {
    const d = text[i++]!;
    if (d === ',' || d === ' ') break;
    if (d >= '0' && d <= '9') {
      // nginx adds the digits up rather than weighing them; only zero versus non-zero matters here.
      q += d.charCodeAt(0) - 48;
      digits++;
      continue;
    }
    return 0;
  }
  return q > 100 || digits > 3 ? 0 : q;
}

export function acceptsEncoding(header: string | undefined, token: 'gzip' | 'br'): boolean {
  if (header === undefined || header.length < token.length) return false;
  const text = header.toLowerCase();
  if (token === 'gzip' && text.startsWith('gzip,')) return true;
  let p = -1;
  for (let from = 0; ; ) {
    p = text.indexOf(token, from);
    if (p < 0) return false;
    if (p === 0 || text[p - 1] === ',' || text[p - 1] === ' ') break;
    from = p + token.length;
  }
  let i = p + token.length;
  while (i < text.length) {
    const c = text[i++];
    if (c === ',') return true;
    if (c === ' ') continue;
    if (c !== ';') return false;
    // ";q=…"
    while (i < text.length) {
      const d = text[i++];
      if (d === ' ') continue;
      if (d !== 'q') return false;
      if (i + 2 > text.length || text[i++] !== '=') return false;
      return quantity(text, i) > 0;
    }
    return true;
  }
  return true;
}
