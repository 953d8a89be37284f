// HTTP/2 parity with nginx found by running both side by side and then fixed: cookie
// crumbs joined into one Cookie header upstream, Host differing from :authority refused,
// no header value with surrounding whitespace towards an h2 client, plain HTTP on the
// HTTPS port answered with a 400 page; TLS 1.1 refused.
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { h2Request } from './https-fixture.ts';
import { startTlsEngine, type TlsEngine } from './tls-engine.ts';

let t: TlsEngine;
let upstream: EchoUpstream;

beforeAll(async () => {
  [t, upstream] = await Promise.all([
    startTlsEngine(),
    startEchoUpstream((req, res) => {
      if (req.url === '/trailing-space') {
        // An upstream header value with trailing whitespace (nginx trims it).
        req.socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Space: padded   \r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n');
        return true;
      }
      if (req.url === '/no-content') {
        res.writeHead(204, { 'content-type': 'text/plain' });
        res.end();
        return true;
      }
      return false;
    }),
  ]);
  await t.addCertificate(['example.test', 'www.example.test']);
  await t.setHosts([{ serverNames: ['example.test', 'www.example.test'], defaultServer: true, entrypoints: ['https'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] }]);
});
afterAll(async () => {
  await t?.stop();
  await upstream?.close();
});

const connect = () => http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: 'example.test', ca: t.ca.certPem });
const seen = (body: Buffer) => JSON.parse(body.toString()) as { method: string; rawHeaders: string[]; headers: Record<string, string>; body: string };
const rawPairs = (raw: string[], name: string) => raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1]!] : []));

describe('HTTP/2 request → HTTP/1.1 upstream', () => {
  it('joins the cookie crumbs of an h2 request into one Cookie header ("a=1; b=2"), as nginx', async () => {
    const session = connect();
    // Node's client sends an array as separate header fields (as browsers split cookies for HPACK).
    const res = await h2Request(session, { ':path': '/c', ':authority': 'example.test', cookie: ['a=1', 'b=2'] });
    session.close();
    expect(rawPairs(seen(res.body).rawHeaders, 'cookie')).toEqual(['a=1; b=2']);
  });

  it('answers 400 when Host and :authority differ (nginx: "client sent duplicate host header")', async () => {
    const session = connect();
    const res = await h2Request(session, { ':path': '/dup', ':authority': 'example.test', host: 'www.example.test' });
    session.close();
    expect(res.status).toBe(400);
  });
});

describe('HTTP/2 responses', () => {
  it('never sends a header value with trailing whitespace (RFC 9113 §8.2.1: nghttp2 clients reset the stream; nginx trims)', async () => {
    const session = connect();
    const res = await h2Request(session, { ':path': '/trailing-space', ':authority': 'example.test' });
    session.close();
    // Node's client drops the malformed field; nghttp -v shows RST_STREAM PROTOCOL_ERROR.
    expect(res.headers['x-space']).toBe('padded');
  });
});

describe('TLS port', () => {
  it('(matches) refuses TLS 1.1', async () => {
    const ok = await new Promise<boolean>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: t.ports.https, servername: 'example.test', rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }, () => resolve(true));
      s.on('error', () => resolve(false));
    });
    expect(ok).toBe(false);
  });

  it('answers plain HTTP sent to the HTTPS port with a 400 page, as nginx (instead of a silent close)', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(t.ports.https, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: example.test\r\n\r\n'));
      let got = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (got += d));
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
    });
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('The plain HTTP request was sent to HTTPS port.');
  });
});
