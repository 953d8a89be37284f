import { describe, expect, it } from 'vitest';
import { canonicalAddress, clientAddress, parseTrustedProxies } from './client-address.ts';

describe('canonicalAddress', () => {
  const cases: { input: string; port?: boolean; expected: string | null }[] = [
    { input: '203.0.113.7', expected: '203.0.113.7' },
    { input: ' 203.0.113.7 ', expected: '203.0.113.7' },
    // Every spelling of one IPv4 client is that client.
    { input: '::ffff:203.0.113.7', expected: '203.0.113.7' },
    { input: '::FFFF:cb00:7107', expected: '203.0.113.7' },
    { input: '0:0:0:0:0:ffff:203.0.113.7', expected: '203.0.113.7' },
    { input: '0000:0000:0000:0000:0000:FFFF:CB00:7107', expected: '203.0.113.7' },
    { input: '2001:DB8:0:0:0:0:0:1', expected: '2001:db8::1' },
    { input: '2001:db8::0:1', expected: '2001:db8::1' },
    { input: '::1', expected: '::1' },
    // The deprecated IPv4-compatible form is another IPv6 address, not the IPv4 one.
    { input: '::203.0.113.7', expected: '::cb00:7107' },
    { input: '[2001:db8::1]:443', port: true, expected: '2001:db8::1' },
    { input: '203.0.113.7:5678', port: true, expected: '203.0.113.7' },
    { input: '[::ffff:203.0.113.7]', port: true, expected: '203.0.113.7' },
    // Not addresses: header text never becomes one.
    { input: '203.0.113.7:5678', expected: null },
    { input: '<img src=x onerror=alert(1)>', expected: null },
    { input: 'unknown', expected: null },
    { input: '', expected: null },
    { input: '127.1', expected: null },
    { input: '0x7f.0.0.1', expected: null },
    { input: '127.000.000.001', expected: null },
    { input: '2130706433', expected: null },
    { input: '256.1.1.1', expected: null },
    { input: 'fe80::1%eth0', expected: null },
    { input: '1.2.3.4 5.6.7.8', expected: null },
    { input: '1.2.3.4\n', expected: '1.2.3.4' },
    { input: '[1.2.3.4]', port: true, expected: '1.2.3.4' },
    { input: '1.2.3.4:', port: true, expected: null },
    { input: 'localhost', expected: null },
  ];
  it.each(cases)('$input (port: $port) → $expected', ({ input, port, expected }) => {
    expect(canonicalAddress(input, { port })).toBe(expected);
  });
});

describe('parseTrustedProxies', () => {
  const cases: { value: string; trusted: string[]; untrusted: string[]; errors?: number }[] = [
    { value: '', trusted: [], untrusted: ['127.0.0.1', '::1'] },
    { value: '127.0.0.1', trusted: ['127.0.0.1'], untrusted: ['127.0.0.2', '::1'] },
    { value: '10.0.0.0/8, ::1', trusted: ['10.255.0.1', '::1'], untrusted: ['11.0.0.1', '::2'] },
    { value: 'fd00::/8', trusted: ['fd12::1'], untrusted: ['fe80::1', '10.0.0.1'] },
    { value: '::ffff:10.0.0.0/104', trusted: ['10.1.2.3'], untrusted: ['11.0.0.1'] },
    { value: '::ffff:10.0.0.1', trusted: ['10.0.0.1'], untrusted: ['10.0.0.2'] },
    { value: '0.0.0.0/0', trusted: ['1.2.3.4'], untrusted: ['::1'] },
    { value: '10.0.0.0/33', trusted: [], untrusted: ['10.0.0.1'], errors: 1 },
    { value: 'proxy.example.com, 10.0.0.1', trusted: ['10.0.0.1'], untrusted: ['10.0.0.2'], errors: 1 },
    { value: '10.0.0.0/8/8', trusted: [], untrusted: ['10.0.0.1'], errors: 1 },
    { value: '10.0.0.0/', trusted: [], untrusted: ['10.0.0.1'], errors: 1 },
    { value: '::/129', trusted: [], untrusted: ['::1'], errors: 1 },
  ];
  it.each(cases)('$value', ({ value, trusted, untrusted, errors = 0 }) => {
    const parsed = parseTrustedProxies(value);
    expect(parsed.errors).toHaveLength(errors);
    for (const address of trusted) expect(parsed.proxies.has(address), address).toBe(true);
    for (const address of untrusted) expect(parsed.proxies.has(address), address).toBe(false);
  });
});

describe('clientAddress', () => {
  const proxies = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, ::1').proxies;
  const cases: { desc: string; peer: string | undefined; xff?: string | string[]; expected: string }[] = [
    { desc: 'an untrusted peer is the client, whatever it forwards', peer: '198.51.100.9', xff: '1.2.3.4', expected: '198.51.100.9' },
    { desc: 'an untrusted loopback peer is not a proxy', peer: '127.0.0.2', xff: '1.2.3.4', expected: '127.0.0.2' },
    { desc: 'a trusted peer without the header is the client', peer: '127.0.0.1', expected: '127.0.0.1' },
    { desc: 'a trusted peer names the client', peer: '127.0.0.1', xff: '1.2.3.4', expected: '1.2.3.4' },
    { desc: 'the mapped spelling of a trusted peer is trusted', peer: '::ffff:127.0.0.1', xff: '1.2.3.4', expected: '1.2.3.4' },
    { desc: 'trusted hops are skipped from the right', peer: '127.0.0.1', xff: '9.9.9.9, 1.2.3.4, 10.0.0.2, 10.0.0.3', expected: '1.2.3.4' },
    { desc: 'what the client wrote left of its own address is ignored', peer: '127.0.0.1', xff: '6.6.6.6, 7.7.7.7, 1.2.3.4', expected: '1.2.3.4' },
    { desc: 'repeated headers are one list', peer: '127.0.0.1', xff: ['9.9.9.9', '1.2.3.4, 10.0.0.2'], expected: '1.2.3.4' },
    { desc: 'every hop trusted: the leftmost', peer: '127.0.0.1', xff: '10.0.0.5, 10.0.0.2', expected: '10.0.0.5' },
    { desc: 'markup ends the walk at the last good hop', peer: '127.0.0.1', xff: '<img src=x onerror=alert(1)>', expected: '127.0.0.1' },
    { desc: 'markup behind a trusted hop', peer: '127.0.0.1', xff: '1.2.3.4, <img src=x>, 10.0.0.2', expected: '10.0.0.2' },
    { desc: 'an empty header', peer: '127.0.0.1', xff: ' , ', expected: '127.0.0.1' },
    { desc: 'a forwarded port is dropped', peer: '127.0.0.1', xff: '[2001:db8::7]:4711', expected: '2001:db8::7' },
    { desc: 'a forwarded mapped address is its IPv4 client', peer: '::1', xff: '::ffff:1.2.3.4', expected: '1.2.3.4' },
    { desc: 'a link-local peer keeps its address without the zone', peer: 'fe80::1%eth0', expected: 'fe80::1' },
    { desc: 'no peer (socket already gone)', peer: undefined, xff: '1.2.3.4', expected: 'unknown' },
  ];
  it.each(cases)('$desc', ({ peer, xff, expected }) => {
    expect(clientAddress(peer, xff, proxies)).toBe(expected);
  });

  it('trusts nobody by default', () => {
    expect(clientAddress('127.0.0.1', '1.2.3.4', parseTrustedProxies(undefined).proxies)).toBe('127.0.0.1');
  });
});
