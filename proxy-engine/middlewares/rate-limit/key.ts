// What a limit zone counts by: the request attributes named in LimitKey.parts, built
// once per request and rule. Shared by rate-limit and conn-limit.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { LimitKey } from '../../../core/config/zones.ts';

export type LimitKeyConfig = z.output<typeof LimitKey>;
export type LimitKeyPart = LimitKeyConfig['parts'][number];

/** The request as the limiters see it; the engine builds it once per request. */
export interface LimitRequestView {
  /** The client address after trusted-proxy resolution (nginx $remote_addr). */
  clientIp: string;
  /** The normalised path without the query (nginx $uri). */
  uri: string;
  /** Host header without port, lower-cased, or the server name when absent (nginx $host). */
  host: string;
  /** The matched host's primary server name (nginx $server_name). */
  serverName: string;
  /** A request header by lower-case name; repeated headers joined as nginx's $http_<name>. */
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  /** The request target as sent, query included (nginx $request_uri). */
  requestUri?: string;
  /** The query string without "?" (nginx $args). */
  args?: string;
  /** A query argument, its name compared case-insensitively (nginx $arg_<name>). */
  arg?(lowerName: string): string | undefined;
  /** A `map` variable of the request's runtime (http/map-variables.ts). */
  variable?(name: string): string;
}

export type KeyFunction = (req: LimitRequestView) => string;

export interface KeyOptions {
  /**
   * Keys longer than this many UTF-8 bytes are not limited and the request passes
   * (nginx: 65535 for limit_req, 255 for limit_conn, with an error in the log).
   */
  maxBytes: number;
}

// nginx concatenates key variables with nothing between them; a separator that no
// header, cookie or address can contain keeps "ab"+"c" and "a"+"bc" apart.
const SEPARATOR = '\u0000';

// A zone holds up to maxEntries keys; storing long keys (header or URI based) as a
// digest keeps its memory near maxEntries × ~150 bytes whatever clients send.
const DIGEST_ABOVE = 64;

/** Compile a key builder. It returns '' when the request must not be limited. */
export function compileKey(config: LimitKeyConfig, options: KeyOptions): KeyFunction {
  const readers = config.parts.map(partReader);
  const { maxBytes } = options;
  const finish = (raw: string): string => {
    if (raw.length === 0) return '';
    // length counts UTF-16 units: a string is at most 3 bytes per unit in UTF-8.
    if (raw.length * 3 > maxBytes && Buffer.byteLength(raw) > maxBytes) return '';
    return raw.length > DIGEST_ABOVE ? digest(raw) : raw;
  };
  if (readers.length === 1) {
    const only = readers[0]!;
    return (req) => finish(only(req));
  }
  return (req) => {
    let raw = '';
    let empty = true;
    for (let i = 0; i < readers.length; i++) {
      const value = readers[i]!(req);
      if (value.length > 0) empty = false;
      raw = i === 0 ? value : raw + SEPARATOR + value;
    }
    return empty ? '' : finish(raw);
  };
}

function partReader(part: LimitKeyPart): (req: LimitRequestView) => string {
  switch (part.source) {
    case 'client_ip':
      return (req) => req.clientIp;
    case 'uri':
      return (req) => req.uri;
    case 'host':
      return (req) => req.host;
    case 'server_name':
      return (req) => req.serverName;
    case 'header': {
      const name = (part.name ?? '').toLowerCase();
      return (req) => req.header(name) ?? '';
    }
    case 'cookie': {
      const name = part.name ?? '';
      return (req) => req.cookie(name) ?? '';
    }
    case 'request_uri':
      return (req) => req.requestUri ?? '';
    case 'args':
      return (req) => req.args ?? '';
    case 'is_args':
      return (req) => (req.args ? '?' : '');
    case 'arg': {
      const name = (part.name ?? '').toLowerCase();
      return (req) => req.arg?.(name) ?? '';
    }
    case 'variable': {
      const name = part.name ?? '';
      return (req) => req.variable?.(name) ?? '';
    }
  }
}

function digest(raw: string): string {
  // The marker keeps digests apart from plain values, which never contain NUL.
  return SEPARATOR + createHash('sha256').update(raw).digest('base64url');
}
