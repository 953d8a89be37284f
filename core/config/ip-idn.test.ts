// The browser-safe helpers agree with Node on the inputs the configuration model sees.
import net from 'node:net';
import url from 'node:url';
import { describe, expect, it } from 'vitest';
import { isIP } from './ip.ts';
import { domainToASCII } from './idn.ts';

const ADDRESSES = ['1.2.3.4', '01.2.3.4', '256.1.1.1', '0.0.0.0', '::1', '::', '::ffff:1.2.3.4', 'fe80::1%eth0', '1:2:3:4:5:6:7:8', '1::2::3', '[::1]', 'abc', '1.2.3', '2001:db8::/32', '2001:DB8::1', ''];
const DOMAINS = ['bücher.example.com', 'EXAMPLE.com', 'a_b.com', 'evil.com/x', 'x@y.com', 'a b.com', 'xn--bcher-kva.example.com', '-a.com', 'example.com:80', '1.2.3.4', 'a%41.com', '𝕏.com', 'münchen.de', ''];

describe('browser-safe address helpers', () => {
  it.each(ADDRESSES)('isIP(%j) matches node:net', (input) => {
    expect(isIP(input)).toBe(net.isIP(input));
  });
  it.each(DOMAINS)('domainToASCII(%j) matches node:url', (input) => {
    expect(domainToASCII(input)).toBe(url.domainToASCII(input));
  });
});
