// The addresses a proxy must not be talked into connecting to (SSRF): link-local networks,
// where every cloud's instance metadata service answers, and the metadata services that
// live elsewhere. One address has many spellings — IPv4-mapped or -compatible IPv6, NAT64,
// 6to4, Teredo and ISATAP embeddings, inet_aton's short, octal and hex forms, a zone id, a
// trailing dot, upper case — so every host is reduced to the IPv4 and IPv6 addresses it
// can reach before it is judged. Loopback and private networks are not refused: a reverse
// proxy's upstreams live there. Pure (no node:net): the API's early check and the engine's
// connect-time check share it.
import { isIPv4, isIPv6 } from '../config/ip.ts';

interface Block {
  /** Network as bytes (4 or 16) and prefix length. */
  net: Uint8Array;
  prefix: number;
  what: string;
}

const LINK_LOCAL_V4 = 'a link-local address (169.254.0.0/16), where cloud metadata services answer';

const V4_BLOCKS: Block[] = [
  { net: v4Bytes('169.254.0.0'), prefix: 16, what: LINK_LOCAL_V4 },
  { net: v4Bytes('100.100.100.200'), prefix: 32, what: 'the Alibaba Cloud metadata service' },
  { net: v4Bytes('168.63.129.16'), prefix: 32, what: 'the Azure platform endpoint (WireServer)' },
  { net: v4Bytes('192.0.0.192'), prefix: 32, what: 'the Oracle Cloud (classic) metadata service' },
];

const V6_BLOCKS: Block[] = [
  { net: v6Bytes('fe80::')!, prefix: 10, what: 'a link-local address (fe80::/10)' },
  { net: v6Bytes('fd00:ec2::254')!, prefix: 128, what: 'the AWS metadata service (IPv6)' },
  { net: v6Bytes('fd20:ce::254')!, prefix: 128, what: 'the Google Cloud metadata service (IPv6)' },
];

/** Names that reach a metadata service whatever they resolve to here. Compared lower case, without trailing dots. */
export const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
  'metadata.packet.net',
]);

function v4Bytes(dotted: string): Uint8Array {
  return Uint8Array.from(dotted.split('.').map(Number));
}

function v4Text(bytes: Uint8Array, at = 0): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/** 16 bytes of an IPv6 address (with or without an embedded dotted quad); null if it is not one. */
function v6Bytes(text: string): Uint8Array | null {
  if (!isIPv6(text)) return null;
  let body = text;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    tail.push(...v4Bytes(dotted[1]!));
    body = body.slice(0, -dotted[1]!.length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const double = body.indexOf('::');
  const head = groups(double === -1 ? body : body.slice(0, double));
  const rest = double === -1 ? [] : groups(body.slice(double + 2));
  const missing = 8 - tail.length / 2 - head.length - rest.length;
  const words = [...head, ...Array<number>(double === -1 ? 0 : missing).fill(0), ...rest];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  bytes.set(tail, 12);
  return bytes;
}

/**
 * inet_aton's IPv4 spellings, which the system resolver accepts as names: "2852039166",
 * "0xa9fea9fe", "0251.0376.0251.0376", "169.254.43518", "169.254.169.254." (dot at the end).
 */
function inetAton(text: string): Uint8Array | null {
  const parts = text.replace(/\.$/, '').split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]*$/.test(part)) value = parseInt(part, 8);
    else if (/^[1-9]\d*$/.test(part)) value = Number(part);
    else return null;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return null;
  const bytes = new Uint8Array(4);
  values.forEach((v, i) => (bytes[i] = v));
  for (let i = 3, n = last; i >= values.length; i--, n = Math.floor(n / 256)) bytes[i] = n % 256;
  return bytes;
}

function inBlock(bytes: Uint8Array, block: Block): boolean {
  if (bytes.length !== block.net.length) return false;
  let bits = block.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (block.net[i]! & mask)) return false;
  }
  return true;
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const allZero = (bytes: Uint8Array, from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);

/** The IPv4 addresses an IPv6 address carries, and how (each mechanism delivers to that IPv4 host). */
function embeddedIPv4(bytes: Uint8Array): { via: string; v4: Uint8Array }[] {
  const out: { via: string; v4: Uint8Array }[] = [];
  const last = bytes.slice(12, 16);
  if (allZero(bytes, 0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) out.push({ via: 'IPv4-mapped', v4: last });
  // ::a.b.c.d (deprecated "IPv4-compatible"); :: and ::1 are not IPv4 hosts.
  else if (allZero(bytes, 0, 12) && !allZero(bytes, 12, 15)) out.push({ via: 'IPv4-compatible', v4: last });
  // ::ffff:0:a.b.c.d (SIIT's "IPv4-translated").
  if (allZero(bytes, 0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && bytes[10] === 0 && bytes[11] === 0) out.push({ via: 'IPv4-translated', v4: last });
  // NAT64: the well-known prefix 64:ff9b::/96, and the local-use 64:ff9b:1::/48 with any RFC 6052 prefix length.
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b]) && allZero(bytes, 4, 12)) out.push({ via: 'NAT64', v4: last });
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 1])) {
    for (const v4 of rfc6052Candidates(bytes)) out.push({ via: 'NAT64', v4 });
  }
  if (startsWith(bytes, [0x20, 0x02])) out.push({ via: '6to4', v4: bytes.slice(2, 6) });
  if (startsWith(bytes, [0x20, 0x01, 0, 0])) {
    out.push({ via: 'Teredo (server)', v4: bytes.slice(4, 8) });
    out.push({ via: 'Teredo (client)', v4: bytes.slice(12, 16).map((b) => b ^ 0xff) });
  }
  // ISATAP interface identifiers: ::0:5efe:a.b.c.d and ::200:5efe:a.b.c.d under any prefix.
  if ((bytes[8] === 0 || bytes[8] === 2) && bytes[9] === 0 && bytes[10] === 0x5e && bytes[11] === 0xfe) out.push({ via: 'ISATAP', v4: last });
  return out;
}

/** Where RFC 6052 puts the IPv4 address for prefix lengths 32, 40, 48, 56 and 64 (bits 64–71 are skipped). */
function rfc6052Candidates(bytes: Uint8Array): Uint8Array[] {
  const pick = (indexes: number[]) => Uint8Array.from(indexes.map((i) => bytes[i]!));
  return [pick([4, 5, 6, 7]), pick([5, 6, 7, 9]), pick([6, 7, 9, 10]), pick([7, 9, 10, 11]), pick([9, 10, 11, 12]), bytes.slice(12, 16)];
}

function judgeV4(bytes: Uint8Array): string | null {
  return V4_BLOCKS.find((b) => inBlock(bytes, b))?.what ?? null;
}

function judgeV6(bytes: Uint8Array): string | null {
  const native = V6_BLOCKS.find((b) => inBlock(bytes, b));
  if (native) return native.what;
  for (const { via, v4 } of embeddedIPv4(bytes)) {
    const what = judgeV4(v4);
    if (what) return `the ${via} form of ${v4Text(v4)}, ${what}`;
  }
  return null;
}

/** "[fe80::1%eth0]" → "fe80::1"; "Metadata.Goog." → "metadata.goog". */
export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const zone = h.indexOf('%');
  if (zone !== -1 && h.includes(':')) h = h.slice(0, zone);
  return h.replace(/\.+$/, '');
}

/**
 * Why `host` (an IP address in any spelling, or a name) must not be connected to, or null.
 * Names are judged by name only: what they resolve to is judged when they are resolved
 * (refusedAddress on every answer), since DNS may answer differently at connect time.
 */
export function refusedHost(host: string): string | null {
  const h = normaliseHost(host);
  if (h === '') return null;
  if (METADATA_NAMES.has(h)) return `${host} is a cloud metadata service name`;
  const v4 = isIPv4(h) ? v4Bytes(h) : inetAton(h);
  if (v4) {
    const what = judgeV4(v4);
    return what ? `${host} is ${isIPv4(h) ? '' : `${v4Text(v4)}, `}${what}` : null;
  }
  const v6 = v6Bytes(h);
  if (v6) {
    const what = judgeV6(v6);
    return what ? `${host} is ${what}` : null;
  }
  return null;
}

/** Why an IP address (as a resolver or a socket reports it) must not be connected to, or null. */
export function refusedAddress(address: string): string | null {
  const h = normaliseHost(address);
  if (isIPv4(h)) return refusedHost(h);
  return v6Bytes(h) ? refusedHost(h) : null;
}
