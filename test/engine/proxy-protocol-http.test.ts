// `listen … proxy_protocol` on the HTTP entrypoint with set_real_ip_from and
// `real_ip_header proxy_protocol`: PROXY v1 and v2 from a trusted address set the client
// address the upstream sees in X-Forwarded-For; the same header from an untrusted address
// and a connection without one are refused; with the setting off nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';

let engine: TestEngine;
let upstream: EchoUpstream;

beforeAll(async () => {
  engine = await startTestEngine();
  upstream = await startEchoUpstream();
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

const request = 'GET /who HTTP/1.1\r\nHost: pp.test\r\nConnection: close\r\n\r\n';
function v2(source: number[], port: number): Buffer {
  const header = Buffer.alloc(28);
  Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]).copy(header);
  header[12] = 0x21;
  header[13] = 0x11;
  header.writeUInt16BE(12, 14);
  Buffer.from(source).copy(header, 16);
  Buffer.from([127, 0, 0, 1]).copy(header, 20);
  header.writeUInt16BE(port, 24);
  header.writeUInt16BE(80, 26);
  return header;
}

const cases = [
  { desc: 'v1 from a trusted peer', settings: { trustedProxies: ['127.0.0.1'], realIpHeader: 'proxy_protocol', proxyProtocol: { http: true } }, send: `PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\n${request}`, forwardedFor: '203.0.113.9' },
  { desc: 'v2 from a trusted network', settings: { trustedProxies: ['127.0.0.0/8'], realIpHeader: 'proxy_protocol', proxyProtocol: { http: true } }, send: Buffer.concat([v2([198, 51, 100, 4], 4000), Buffer.from(request)]), forwardedFor: '198.51.100.4' },
  { desc: 'a trusted header without real_ip_header proxy_protocol keeps the peer', settings: { trustedProxies: ['127.0.0.1'], proxyProtocol: { http: true } }, send: `PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\n${request}`, forwardedFor: '127.0.0.1' },
  { desc: 'the same header from an untrusted peer', settings: { trustedProxies: ['10.0.0.0/8'], realIpHeader: 'proxy_protocol', proxyProtocol: { http: true } }, send: `PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\n${request}`, forwardedFor: null },
  { desc: 'no header where one is required', settings: { trustedProxies: ['127.0.0.1'], realIpHeader: 'proxy_protocol', proxyProtocol: { http: true } }, send: request, forwardedFor: null },
  { desc: 'the setting off: plain HTTP as before', settings: {}, send: request, forwardedFor: '127.0.0.1' },
];

describe('PROXY protocol on the HTTP entrypoint', () => {
  it.each(cases)('$desc', async ({ settings, send, forwardedFor }) => {
    await engine.configure({ hosts: [{ serverNames: ['pp.test'], policies: { proxyHeaders: [{ name: 'X-Forwarded-For', value: '$proxy_add_x_forwarded_for' }] }, locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] }], settings });
    upstream.seen.length = 0;
    const answer = await rawExchange(engine.port, send, 5000);
    if (forwardedFor === null) {
      expect(answer).toBe('');
      expect(upstream.seen).toEqual([]);
    } else {
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(upstream.seen.map((r) => r.headers['x-forwarded-for'])).toEqual([forwardedFor]);
    }
  });
});
