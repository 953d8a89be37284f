import { describe, expect, it } from 'vitest';
import { Rfc2136Settings } from './provider-settings.ts';

const base = { keyName: 'acme', keySecret: 'c2VjcmV0' };

describe('Rfc2136Settings', () => {
  it.each([
    { server: 'ns1.example.com', expected: 'ns1.example.com' },
    { server: ' 192.0.2.1:5353 ', expected: '192.0.2.1:5353' },
    { server: '2001:db8::1', expected: '[2001:db8::1]' },
    { server: '[2001:db8::1]:53', expected: '[2001:db8::1]:53' },
  ])('takes the server $server', ({ server, expected }) => {
    expect(Rfc2136Settings.parse({ ...base, server }).server).toBe(expected);
  });

  it.each(['ns1 example', 'ns1.example.com:0', 'ns1.example.com:70000', 'http://ns1.example.com', '169.254.169.254'])('refuses the server %s', (server) => {
    expect(Rfc2136Settings.safeParse({ ...base, server }).success).toBe(false);
  });

  it.each([
    ['HMAC-SHA512', 'hmac-sha512'],
    ['hmac-sha256.', 'hmac-sha256'],
    ['hmac-md5.sig-alg.reg.int', 'hmac-md5'],
    [undefined, 'hmac-sha256'],
  ])('reads the algorithm %s as %s', (keyAlgorithm, expected) => {
    expect(Rfc2136Settings.parse({ ...base, server: 'ns1', keyAlgorithm }).keyAlgorithm).toBe(expected);
  });
});
