// $arg_<name>, as nginx's ngx_http_arg: the first "name=value" pair of the query string
// ("&"-separated; ";" is no separator), the name compared case-insensitively ($arg_foo
// reads "FOO=1"); a bare "name" without "=" is no match; the value as sent, not decoded.

/** `lowerName` must be lower-case. */
export function queryArg(query: string, lowerName: string): string | undefined {
  if (!query) return undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq === lowerName.length && part.slice(0, eq).toLowerCase() === lowerName) return part.slice(eq + 1);
  }
  return undefined;
}
