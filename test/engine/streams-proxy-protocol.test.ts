// The PROXY protocol on TCP streams, as nginx's `listen … proxy_protocol` with
// set_real_ip_from and `proxy_protocol on`: a v1 or v2 header from a trusted peer makes its
// address the client address (rules, and the header sent upstream), the same header from an
// untrusted peer and a connection without one are refused before any upstream is reached.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { freePort } from '../helpers/ports.ts';

let engine: TestEngine;
let upstream: net.Server;
let upstreamPort: number;
const received: string[] = [];

beforeAll(async () => {
  engine = await startTestEngine();
  upstream = net.createServer((socket) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      if (data.endsWith('hello')) {
        received.push(data);
        socket.end('ok');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamPort = (upstream.address() as net.AddressInfo).port;
});
afterAll(async () => {
  upstream?.close();
  await engine?.stop();
});

function v2Header(source: number[], sourcePort: number): Buffer {
  const header = Buffer.alloc(16 + 12);
  Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]).copy(header);
  header[12] = 0x21; // v2, PROXY
  header[13] = 0x11; // TCP over IPv4
  header.writeUInt16BE(12, 14);
  Buffer.from(source).copy(header, 16);
  Buffer.from([127, 0, 0, 1]).copy(header, 20);
  header.writeUInt16BE(sourcePort, 24);
  header.writeUInt16BE(443, 26);
  return header;
}

/** Sends `bytes` and returns what came back before the proxy or upstream closed. */
function exchange(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let data = '';
    socket.on('data', (c) => (data += c.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', () => {});
  });
}

const cases = [
  { desc: 'v1 from a trusted peer', trustedFrom: ['127.0.0.1'], send: 'PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\nhello', answer: 'ok', upstreamSees: /^PROXY TCP4 203\.0\.113\.9 127\.0\.0\.1 5555 \d+\r\nhello$/ },
  { desc: 'v2 from a trusted network', trustedFrom: ['127.0.0.0/8'], send: Buffer.concat([v2Header([198, 51, 100, 4], 4000), Buffer.from('hello')]), answer: 'ok', upstreamSees: /^PROXY TCP4 198\.51\.100\.4 127\.0\.0\.1 4000 \d+\r\nhello$/ },
  { desc: 'v1 UNKNOWN keeps the peer address', trustedFrom: ['127.0.0.1'], send: 'PROXY UNKNOWN\r\nhello', answer: 'ok', upstreamSees: /^PROXY TCP4 127\.0\.0\.1 127\.0\.0\.1 \d+ \d+\r\nhello$/ },
  { desc: 'a header from an untrusted peer', trustedFrom: ['10.0.0.0/8'], send: 'PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\nhello', answer: '', upstreamSees: null },
  { desc: 'no header at all', trustedFrom: ['127.0.0.1'], send: 'hello', answer: '', upstreamSees: null },
  { desc: 'a malformed v1 line', trustedFrom: ['127.0.0.1'], send: 'PROXY TCP4 not-an-ip 127.0.0.1 1 2\r\nhello', answer: '', upstreamSees: null },
];

describe('PROXY protocol on a TCP stream', () => {
  it.each(cases)('$desc', async ({ trustedFrom, send, answer, upstreamSees }) => {
    const port = await freePort();
    await engine.configure({ hosts: [], streams: [{ name: 'pp', listenPort: port, address: `127.0.0.1:${upstreamPort}`, proxyProtocol: { accept: true, trustedFrom, send: true } }] });
    received.length = 0;
    expect(await exchange(port, send)).toBe(answer);
    if (upstreamSees) expect(received).toEqual([expect.stringMatching(upstreamSees)]);
    else expect(received).toEqual([]);
  });

  it('access rules and limits judge the address the header carries', async () => {
    const port = await freePort();
    await engine.configure({
      hosts: [],
      streams: [{ name: 'pp', listenPort: port, address: `127.0.0.1:${upstreamPort}`, proxyProtocol: { accept: true, trustedFrom: ['127.0.0.1'] }, access: [{ action: 'deny', source: '203.0.113.0/24' }] }],
    });
    received.length = 0;
    expect(await exchange(port, 'PROXY TCP4 203.0.113.9 127.0.0.1 5555 80\r\nhello')).toBe('');
    expect(await exchange(port, 'PROXY TCP4 192.0.2.1 127.0.0.1 5555 80\r\nhello')).toBe('ok');
    // Without `send`, the upstream gets the client's bytes only.
    expect(received).toEqual(['hello']);
  });
});
