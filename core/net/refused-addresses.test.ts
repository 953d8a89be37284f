// Every spelling of a refused address is refused, and the same spellings of loopback,
// private and public addresses are not: the guard must not be talked around, nor get in
// a reverse proxy's way. Node's URL parser (an independent IPv4/IPv6 parser) must agree.
import { describe, expect, it } from 'vitest';
import { refusedAddress, refusedHost } from './refused-addresses.ts';

const hex = (v4: string) => {
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
};
const int = (v4: string) => v4.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** The ways to write one IPv4 address that reach it (resolver forms, and IPv6 embeddings). */
function spellings(v4: string): string[] {
  const [hi, lo] = hex(v4) as [string, string];
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
  const inverted = [(~parseInt(hi, 16) & 0xffff).toString(16), (~parseInt(lo, 16) & 0xffff).toString(16)];
  return [
    v4,
    `${v4}.`,
    String(int(v4)),
    `0x${int(v4).toString(16)}`,
    `0X${int(v4).toString(16).toUpperCase()}`,
    [a, b, c, d].map((n) => `0${n.toString(8)}`).join('.'),
    `${a}.${b}.${(c << 8) | d}`,
    `${a}.${(b << 16) | (c << 8) | d}`,
    `::ffff:${v4}`,
    `::ffff:${hi}:${lo}`,
    `[::ffff:${hi}:${lo}]`,
    `0:0:0:0:0:ffff:${v4}`,
    `0000:0000:0000:0000:0000:FFFF:${hi.toUpperCase()}:${lo.toUpperCase()}`,
    `::${v4}`,
    `::${hi}:${lo}`,
    `::ffff:0:${v4}`,
    `64:ff9b::${v4}`,
    `64:ff9b::${hi}:${lo}`,
    `64:ff9b:1::${hi}:${lo}`,
    `2002:${hi}:${lo}::1`,
    `2001:0:${hi}:${lo}::1`,
    `2001:0:4136:e378:8000:63bf:${inverted[0]}:${inverted[1]}`,
    `2001:db8::5efe:${v4}`,
    `2001:db8::200:5efe:${hi}:${lo}`,
    `::ffff:${v4}%eth0`,
  ];
}

const REFUSED_V4 = ['169.254.169.254', '169.254.0.1', '169.254.255.255', '169.254.170.2', '100.100.100.200', '168.63.129.16'];
const ALLOWED_V4 = ['127.0.0.1', '10.0.0.1', '192.168.1.1', '172.16.0.1', '8.8.8.8', '169.253.255.255', '169.255.0.0', '100.100.100.201', '168.63.129.17'];

const REFUSED_V6 = ['fe80::1', 'FE80::1', 'fe80::1%lo', '[fe80::a9fe:a9fe%25eth0]', 'febf:ffff::1', 'fd00:ec2::254', 'FD00:0EC2:0000:0000:0000:0000:0000:0254', 'fd20:ce::254'];
const ALLOWED_V6 = ['::1', '::', 'fec0::1', 'fd00:ec2::253', 'fd00::1', 'fc00::1', '2001:db8::1', 'ff02::1', '64:ff9b::a00:1', '2002:c0a8:101::1'];

const REFUSED_NAMES = ['metadata.google.internal', 'METADATA.GOOGLE.INTERNAL.', 'metadata.goog', 'metadata.goog..', 'metadata', 'Instance-Data', 'instance-data.ec2.internal', 'metadata.tencentyun.com'];
const ALLOWED_NAMES = ['example.com', 'metadata.example.com', 'metadata-google.internal', 'localhost', 'db.internal', 'goog', 'backend'];

/** What Node's WHATWG URL parser makes of a host (IPv4 numbers, IPv6 compression, case). */
function canonical(host: string): string | null {
  const bare = host.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  try {
    return new URL(`http://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return null;
  }
}

describe('refusedHost', () => {
  const refused = [...REFUSED_V4.flatMap(spellings), ...REFUSED_V6, ...REFUSED_NAMES];
  const allowed = [...ALLOWED_V4.flatMap(spellings), ...ALLOWED_V6, ...ALLOWED_NAMES];

  it.each(refused)('refuses %s, with a reason naming it', (host) => {
    expect(refusedHost(host)).toMatch(new RegExp(`^${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is `));
  });

  it.each(allowed)('allows %s', (host) => {
    expect(refusedHost(host)).toBeNull();
  });

  it('agrees with Node\'s URL parser on every spelling it can read', () => {
    for (const host of [...refused, ...allowed]) {
      const url = canonical(host);
      if (url === null || /[a-z]/i.test(url.replace(/[0-9a-f:.]/gi, ''))) continue;
      expect(refusedHost(url) === null, `${host} → ${url}`).toBe(refusedHost(host) === null);
    }
  });

  it('names the address an embedding carries', () => {
    expect(refusedHost('[::ffff:a9fe:a9fe]')).toBe('[::ffff:a9fe:a9fe] is the IPv4-mapped form of 169.254.169.254, a link-local address (169.254.0.0/16), where cloud metadata services answer');
    expect(refusedHost('2852039166')).toBe('2852039166 is 169.254.169.254, a link-local address (169.254.0.0/16), where cloud metadata services answer');
  });
});

describe('refusedAddress (what a resolver or a socket reports)', () => {
  it.each([
    ['169.254.169.254', true],
    ['::ffff:169.254.169.254', true],
    ['fe80::1', true],
    ['127.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['10.1.2.3', false],
    // Only addresses: a name is judged by refusedHost, its answers by this.
    ['metadata.goog', false],
  ])('%s → refused %s', (address, expected) => {
    expect(refusedAddress(address) !== null).toBe(expected);
  });
});
