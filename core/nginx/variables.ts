// nginx variables inside values ("$host", "${host}", "$http_x_api_key", "$1"), and
// which of them Portico evaluates. A value using any other variable (one made by
// `set`, `map` or a third-party module) would not mean the same thing after import.

/** Names of the variables used in a value, in order ("${a}b$c" → ["a", "c"]). */
export function variablesIn(value: string): string[] {
  const names: string[] = [];
  // "$1abc" is capture 1 then "abc": nginx reads one digit after "$" as a capture number.
  const pattern = /\$(?:\{([A-Za-z0-9_]+)\}|([1-9]|[A-Za-z0-9_]+))/g;
  for (const match of value.matchAll(pattern)) names.push(match[1] ?? match[2]!);
  return names;
}

/** The value is exactly one variable ("$http_upgrade" or "${http_upgrade}"); returns its name. */
export function soleVariable(value: string): string | null {
  const match = /^\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))$/.exec(value);
  return match ? (match[1] ?? match[2]!) : null;
}

const KNOWN = new Set([
  'args', 'binary_remote_addr', 'body_bytes_sent', 'bytes_sent', 'connection', 'connection_requests', 'content_length',
  'content_type', 'document_root', 'document_uri', 'host', 'hostname', 'https', 'is_args', 'msec', 'nginx_version',
  'proxy_add_x_forwarded_for', 'proxy_host', 'proxy_port', 'query_string', 'realpath_root', 'remote_addr', 'remote_port',
  'remote_user', 'request', 'request_id', 'request_length', 'request_method', 'request_time', 'request_uri', 'scheme',
  'server_addr', 'server_name', 'server_port', 'server_protocol', 'ssl_cipher', 'ssl_protocol', 'ssl_server_name', 'status',
  'time_iso8601', 'time_local', 'upstream_addr', 'upstream_cache_status', 'upstream_connect_time', 'upstream_header_time',
  'upstream_response_time', 'upstream_status', 'uri', 'realip_remote_addr',
]);

const KNOWN_PREFIXES = ['http_', 'cookie_', 'arg_', 'sent_http_', 'upstream_http_'];

/** True for nginx's built-in variables that Portico evaluates the same way (and regex captures $1..$9). */
export function isKnownVariable(name: string): boolean {
  if (/^\d$/.test(name)) return true;
  return KNOWN.has(name) || KNOWN_PREFIXES.some((prefix) => name.startsWith(prefix) && name.length > prefix.length);
}

/** The variables in `value` that Portico does not evaluate (beyond those in `extra`). */
export function unknownVariables(value: string, extra: ReadonlySet<string> = new Set()): string[] {
  return variablesIn(value).filter((name) => !isKnownVariable(name) && !extra.has(name));
}

/** "$http_x_no_cache" → the request header "x-no-cache" (nginx lowercases and maps "_" to "-"). */
export function headerOfVariable(name: string): string | null {
  return name.startsWith('http_') && name.length > 5 ? name.slice(5).replace(/_/g, '-') : null;
}
