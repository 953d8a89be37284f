// Small validated value types shared by the configuration model. Anything that ends up
// in a header, a regex or a socket address is checked here, once, for every caller.
import { isIP } from './ip.ts';
import { z } from 'zod';
import { quote } from './messages.ts';
import { checkRegexSafety } from './regex-safety.ts';

/** A message for a value of the wrong type; a missing one is simply "required". */
const typeMessage = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : message);

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
  .min(1)
  .max(32)
  .regex(TOKEN, 'must be an HTTP method token')
  .transform((m) => m.toUpperCase())
  .describe('An HTTP method, e.g. GET.');

const STATUS_RANGE = 'must be an HTTP status code from 100 to 599';
export const StatusCode = z
  .number({ error: typeMessage(STATUS_RANGE) })
  .int({ error: STATUS_RANGE })
  .min(100, { error: STATUS_RANGE })
  .max(599, { error: STATUS_RANGE })
  .describe('An HTTP status code.');

/** A duration in words for messages: 100 → "100 ms", 90000 → "90 s", 86400000 → "1 day". */
export function describeMs(ms: number): string {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return ms === 86_400_000 ? '1 day' : `${(ms / 86_400_000).toLocaleString('en-US')} days`;
  if (ms >= 1000 && ms % 1000 === 0) return `${(ms / 1000).toLocaleString('en-US')} s`;
  return `${ms.toLocaleString('en-US')} ms`;
}

/** A size in words for messages: 1024 → "1 KiB", 2 ** 50 → "1 PiB". */
export function describeBytes(bytes: number): string {
  const units = [['PiB', 2 ** 50], ['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 1024]] as const;
  for (const [unit, size] of units) if (bytes >= size && bytes % size === 0) return `${(bytes / size).toLocaleString('en-US')} ${unit}`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

const MAX_DURATION_MS = 366 * 24 * 3600 * 1000;

/** Milliseconds, bounded to a year (timeouts, cache lifetimes). */
export const DurationMs = z
  .number({ error: typeMessage('must be a duration in milliseconds (a whole number: 30000 is 30 seconds)') })
  .int({ error: 'must be a whole number of milliseconds' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_DURATION_MS, { error: `must be at most ${describeMs(MAX_DURATION_MS)}` })
  .describe('A duration in milliseconds.');

/** A duration with a floor of its own, said in words ("must be at least 100 ms"). */
export const durationAtLeast = (ms: number) => DurationMs.min(ms, { error: `must be at least ${describeMs(ms)}` });

const MAX_SIZE = 2 ** 50;

export const SizeBytes = z
  .number({ error: typeMessage('must be a size in bytes (a whole number: 1048576 is 1 MiB)') })
  .int({ error: 'must be a whole number of bytes' })
  .min(0, { error: 'must not be negative' })
  .max(MAX_SIZE, { error: `must be at most ${describeBytes(MAX_SIZE)}` })
  .describe('A size in bytes.');

/** A size with a floor of its own, said in words ("must be at least 1 KiB"). */
export const sizeAtLeast = (bytes: number) => SizeBytes.min(bytes, { error: `must be at least ${describeBytes(bytes)}` });

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
  .min(1)
  .max(64)
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

/**
 * The longest address: a 253-character DNS name and ":65535" (a unix socket path is
 * shorter still: sun_path holds 107 bytes on Linux).
 */
export const MAX_ADDRESS_LENGTH = 253 + 6;

/** "host:port", "[v6]:port" or "unix:/absolute/path". */
export const UpstreamAddress = z
  .string()
  .min(1)
  .max(MAX_ADDRESS_LENGTH, { error: `must be at most ${MAX_ADDRESS_LENGTH} characters (a host name is at most 253)` })
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

const PORT_RANGE = 'the port must be a number from 1 to 65535';
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** What is wrong with an upstream address, said about the part that is wrong. */
export function addressProblem(value: string): string | null {
  if (/[\s\0]/.test(value)) return 'must not contain spaces or control characters';
  if (value.startsWith('unix:')) {
    if (!value.startsWith('unix:/')) return 'a unix socket path must be absolute (unix:/run/app.sock)';
    return value.length - 5 > 107 ? 'a unix socket path is at most 107 characters' : null;
  }
  const bracketed = /^\[([^\]]*)\](.*)$/.exec(value);
  if (bracketed) {
    if (isIP(bracketed[1]!) !== 6) return `${quote(bracketed[1])} is not an IPv6 address`;
    if (bracketed[2] === '') return null;
    if (!/^:\d{1,5}$/.test(bracketed[2]!) || !validPort(bracketed[2]!.slice(1))) return PORT_RANGE;
    return null;
  }
  // An IPv6 address needs brackets to be told apart from its port.
  if ((value.match(/:/g) ?? []).length > 1) return isIP(value) === 6 ? `write an IPv6 address in brackets with its port: [${value}]:80` : 'must be host:port, [ipv6]:port or unix:/path';
  const [host, port] = value.split(':') as [string, string | undefined];
  if (host === '') return 'the host is missing (host:port)';
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || !validPort(port))) return PORT_RANGE;
  if (isIP(host)) return null;
  if (NUMERIC_HOST.test(host)) return 'an IPv4 address is written as four decimal numbers (a.b.c.d)';
  if (host.length > 253) return 'a host name is at most 253 characters';
  if (!/^[A-Za-z0-9.-]+$/.test(host)) return 'a host name uses only letters, digits, hyphens and dots';
  if (!HOST_NAME.test(host)) return 'each part of a host name is 1 to 63 characters and does not start or end with a hyphen';
  return parseAddress(value) ? null : 'must be host:port, [ipv6]:port or unix:/path';
}

function validPort(text: string): boolean {
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** Identifier for named objects (pools, zones): what nginx accepts as an upstream name. */
export const ObjectName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must start with a letter or digit and use only letters, digits, _ . -')
  .describe('A name: letters, digits, _ . - (starting with a letter or digit).');

export const Id = z.string().min(1).max(64).describe('An object id.');
