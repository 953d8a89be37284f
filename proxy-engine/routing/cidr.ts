// Address-in-CIDR tests for trusted proxies and allow/deny rules, compiled once.
import { isIP } from 'node:net';
import { parseCidr } from '../../core/config/primitives.ts';

function ipv4ToInt(address: string): number {
  const p = address.split('.');
  return ((Number(p[0]) << 24) | (Number(p[1]) << 16) | (Number(p[2]) << 8) | Number(p[3])) >>> 0;
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // Embedded IPv4 tail ("::ffff:1.2.3.4").
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = ipv4ToInt(v4[1]!);
    text = `${text.slice(0, -v4[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...(tail !== undefined ? Array(missing).fill('0') : []), ...tailParts];
  let value = 0n;
  for (const part of parts) value = (value << 16n) | BigInt(parseInt(part || '0', 16));
  return value;
}

export type AddressPredicate = (address: string) => boolean;

/** Compiles one CIDR/address/"all" into a predicate. IPv4-mapped IPv6 peers match IPv4 rules. */
export function compileCidr(source: string): AddressPredicate {
  if (source === 'all') return () => true;
  const parsed = parseCidr(source);
  if (!parsed) return () => false;
  if (parsed.family === 4) {
    const mask = parsed.prefix === 0 ? 0 : (~0 << (32 - parsed.prefix)) >>> 0;
    const net = (ipv4ToInt(parsed.address) & mask) >>> 0;
    return (address) => {
      const a = address.startsWith('::ffff:') ? address.slice(7) : address;
      return isIP(a) === 4 && ((ipv4ToInt(a) & mask) >>> 0) === net;
    };
  }
  const bits = BigInt(parsed.prefix);
  const mask = parsed.prefix === 0 ? 0n : ((1n << bits) - 1n) << (128n - bits);
  const net = ipv6ToBigInt(parsed.address) & mask;
  return (address) => isIP(address) === 6 && (ipv6ToBigInt(address) & mask) === net;
}

export function compileAddressList(sources: readonly string[]): AddressPredicate {
  if (sources.length === 0) return () => false;
  const predicates = sources.map(compileCidr);
  return (address) => predicates.some((p) => p(address));
}
