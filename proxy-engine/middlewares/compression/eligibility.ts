// Which responses nginx's gzip filter touches, in its order: a 200, 403 or 404 that is
// not already encoded, not shorter than gzip_min_length (when its length is known) and
// of a listed type is "eligible" (it gets Vary: Accept-Encoding with gzip_vary); it is
// compressed when the client accepts the encoding and, for a request that came through
// another proxy (Via), gzip_proxied allows it.
import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { CompressionPolicy } from '../../../core/config/policies.ts';
import { headerValue, headerValues } from '../../http/header-list.ts';

type Compression = z.output<typeof CompressionPolicy>;

export interface CompiledCompression {
  gzip: boolean;
  brotli: boolean;
  level: number;
  minLength: number;
  /** Lower-case MIME types; text/html is always in. */
  types: ReadonlySet<string>;
  anyType: boolean;
  proxied: ReadonlySet<string>;
  vary: boolean;
  /** proxy_buffering off: flush the compressor after every chunk (Server-Sent Events). */
  flushEach: boolean;
}

export function compileCompression(policy: Compression, buffering: boolean): CompiledCompression {
  const types = new Set(policy.types.map((t) => t.toLowerCase()));
  types.add('text/html');
  return {
    gzip: policy.gzip,
    brotli: policy.brotli,
    level: policy.level,
    minLength: policy.minLength,
    types,
    anyType: types.has('*'),
    proxied: new Set(policy.proxied),
    vary: policy.vary,
    flushEach: !buffering,
  };
}

const STATUSES = new Set([200, 403, 404]);

/** The response-side test nginx runs before looking at the client at all. */
export function eligible(c: CompiledCompression, status: number, headers: readonly string[]): boolean {
  if (!STATUSES.has(status)) return false;
  const encoding = headerValue(headers, 'content-encoding');
  if (encoding !== undefined && encoding !== '') return false;
  const length = headerValue(headers, 'content-length');
  if (length !== undefined && Number(length) < c.minLength) return false;
  const type = headerValue(headers, 'content-type');
  if (type === undefined) return false;
  const semi = type.indexOf(';');
  const bare = (semi < 0 ? type : type.slice(0, semi)).trim().toLowerCase();
  if (bare === '') return false;
  return c.anyType || c.types.has(bare);
}

function hasToken(values: readonly string[], word: string): boolean {
  return values.some((v) => v.toLowerCase().includes(word));
}

/** gzip_proxied: for a request with Via, which responses may be compressed (ngx_http_gzip_ok). */
export function proxiedAllows(c: CompiledCompression, request: IncomingHttpHeaders, headers: readonly string[]): boolean {
  if (request.via === undefined) return true;
  const p = c.proxied;
  if (p.has('off')) return false;
  if (p.has('any')) return true;
  if (request.authorization !== undefined && p.has('auth')) return true;
  const expires = headerValue(headers, 'expires');
  if (expires !== undefined) {
    if (!p.has('expired')) return false;
    const at = Date.parse(expires);
    const dateHeader = headerValue(headers, 'date');
    const date = dateHeader !== undefined ? Date.parse(dateHeader) : Date.now();
    return !Number.isNaN(at) && !Number.isNaN(date) && at < date;
  }
  const cc = headerValues(headers, 'cache-control');
  if (cc.length > 0) {
    return (p.has('no-cache') && hasToken(cc, 'no-cache')) || (p.has('no-store') && hasToken(cc, 'no-store')) || (p.has('private') && hasToken(cc, 'private'));
  }
  if (p.has('no_last_modified') && headerValue(headers, 'last-modified') !== undefined) return false;
  if (p.has('no_etag') && headerValue(headers, 'etag') !== undefined) return false;
  return true;
}
