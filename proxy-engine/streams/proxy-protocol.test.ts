import { describe, expect, it } from 'vitest';
import { parseProxyHeader, proxyHeader } from './proxy-protocol.ts';

describe('PROXY headers written for upstreams read back as the client they name', () => {
  const cases = [
    { desc: 'IPv4', client: { address: '203.0.113.7', port: 51234 }, server: { address: '10.0.0.1', port: 8080 }, source: '203.0.113.7' },
    { desc: 'IPv6', client: { address: '2001:db8::7', port: 443 }, server: { address: '::1', port: 8443 }, source: '2001:db8::7' },
    { desc: 'IPv4 client on an IPv6 listener (v4-mapped)', client: { address: '198.51.100.9', port: 1 }, server: { address: '2001:db8:1:2:3:4:5:6', port: 65535 }, source: '::ffff:c633:6409' },
  ];
  it.each(cases.flatMap((c) => (['v1', 'v2'] as const).map((version) => ({ ...c, version }))))('$desc, $version', ({ version, client, server, source }) => {
    const header = proxyHeader(version, client, server);
    const parsed = parseProxyHeader(Buffer.concat([header, Buffer.from('GET / HTTP/1.1\r\n')]));
    expect(parsed).toMatchObject({ kind: 'header', length: header.length, sourcePort: client.port });
    const got = (parsed as { source: string }).source;
    // v1 writes a v4 client beside a v6 server as ::ffff:a.b.c.d text; v2 as bytes.
    expect([source, `::ffff:${client.address}`, client.address]).toContain(got);
  });
  it('writes v2 in the spec’s layout', () => {
    const header = proxyHeader('v2', { address: '192.0.2.1', port: 0x1234 }, { address: '192.0.2.2', port: 80 });
    expect(header.subarray(12, 16)).toEqual(Buffer.from([0x21, 0x11, 0x00, 0x0c]));
    expect([...header.subarray(16, 24)]).toEqual([192, 0, 2, 1, 192, 0, 2, 2]);
    expect(header.readUInt16BE(24)).toBe(0x1234);
    expect(header.readUInt16BE(26)).toBe(80);
  });
});
