// Small validated value types shared by the configuration model. Anything that ends up
// in a header, a regex or a socket address is checked here, once, for every caller.
import { isIP } from './ip.ts';
import { z } from 'zod';
import { checkRegexSafety } from './regex-safety.ts';

/** HTTP token characters (RFC 9110 §5.6.2): header names and methods. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export const HeaderName = z
  .string()
  .min(1)
  .max(256)
  .regex(TOKEN, 'must be an HTTP token (letters, digits and !#$%&\'*+-.^_`|~)')
  .describe('An HTTP header name.');

/** No CR, LF or NUL: a value can never split a header or a response. */
export const HeaderValue = z
  .string()
  .max(8192)
  .refine((v) => !/[\r\n\0]/.test(v), 'must not contain CR, LF or NUL')
  .describe('An HTTP header value; may use variables such as $host or $remote_addr.');

export const HttpMethod = z
  .string()
  .regex(TOKEN, 'must be an HTTP method token')
  .transform((m) => m.toUpperCase())
  .describe('An HTTP method, e.g. GET.');

export const StatusCode = z.number().int().min(100).max(599).describe('An HTTP status code.');

/** Milliseconds, bounded to a day for timeouts and a year for cache lifetimes. */
export const DurationMs = z.number().int().min(0).max(366 * 24 * 3600 * 1000).describe('A duration in milliseconds.');

export const SizeBytes = z.number().int().min(0).max(2 ** 50).describe('A size in bytes.');

/** A compiled-safe regular expression: syntax checked and bounded (see regex-safety.ts). */
export const SafeRegex = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((source, ctx) => {
    const problem = checkRegexSafety(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('A regular expression (PCRE-like syntax as JavaScript supports it).');

/** IPv4/IPv6 address or CIDR block, or "all" (as nginx's allow/deny). */
export const AddressMatch = z
  .string()
  .refine((v) => v === 'all' || parseCidr(v) !== null, 'must be an IP address, a CIDR block or "all"')
  .describe('An IP address, CIDR block (10.0.0.0/8, 2001:db8::/32) or "all".');

export function parseCidr(value: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const [address, prefixText, extra] = value.split('/');
  if (extra !== undefined || !address) return null;
  const family = isIP(address);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (prefixText !== undefined && !/^\d+$/.test(prefixText))) return null;
  return { address, prefix, family: family as 4 | 6 };
}

/** "host:port", "[v6]:port" or "unix:/absolute/path". */
export const UpstreamAddress = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((value, ctx) => {
    const problem = addressProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('An upstream address: "host:port", "[ipv6]:port" or "unix:/path/to.sock".');

export interface ParsedAddress {
  kind: 'tcp' | 'unix';
  host: string;
  port: number;
  socketPath: string;
}

/**
 * "2852039166", "0xa9fea9fe", "169.254.43518", "127.1": not names, and not IP addresses
 * either, but the resolver reads them the way inet_aton does (all four are legal ways to
 * write an IPv4 address to it). Refused, so no check on addresses can be talked around.
 */
const NUMERIC_HOST = /^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*\.?$/i;

export function parseAddress(value: string, defaultPort = 80): ParsedAddress | null {
  if (value.startsWith('unix:')) {
    const socketPath = value.slice(5);
    return socketPath.startsWith('/') ? { kind: 'unix', host: 'localhost', port: 0, socketPath } : null;
  }
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) {
    if (isIP(bracketed[1]!) !== 6) return null;
    const port = bracketed[2] === undefined ? defaultPort : Number(bracketed[2]);
    return port >= 1 && port <= 65535 ? { kind: 'tcp', host: bracketed[1]!, port, socketPath: '' } : null;
  }
  const match = /^([A-Za-z0-9.-]+)(?::(\d+))?$/.exec(value);
  if (!match) return null;
  const host = match[1]!;
  if (!isIP(host) && !/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/.test(host)) return null;
  if (!isIP(host) && NUMERIC_HOST.test(host)) return null;
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  return port >= 1 && port <= 65535 ? { kind: 'tcp', host, port, socketPath: '' } : null;
}

function addressProblem(value: string): string | null {
  if (/[\s\0]/.test(value)) return 'must not contain whitespace or NUL';
  if (value.startsWith('unix:') && !value.startsWith('unix:/')) return 'a unix socket path must be absolute (unix:/path)';
  const host = /^([^[\]:]+)(?::\d+)?$/.exec(value)?.[1];
  if (host !== undefined && !isIP(host) && NUMERIC_HOST.test(host)) return 'an IPv4 address is written as four decimal numbers (a.b.c.d)';
  return parseAddress(value) ? null : 'must be host:port, [ipv6]:port or unix:/path';
}

/** Identifier for named objects (pools, zones): what nginx accepts as an upstream name. */
export const ObjectName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, _ . -')
  .describe('A name: letters, digits, _ . - (starting with a letter or digit).');

export const Id = z.string().min(1).max(64).describe('An object id.');
