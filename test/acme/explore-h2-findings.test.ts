// SCRATCH (exploration, not part of the suite's promises): differences between nginx 1.22
// and Portico on the HTTPS entrypoint found by running both side by side (lab under
// /tmp/h2lab). Each test asserts what nginx does; a failing test is a difference.
// Run: timeout 300 npx vitest run test/acme/explore-h2-findings.test.ts
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

  it('accepts a 9 KB header line over h2 (nginx limits the HPACK-encoded length: 8k encoded ≈ 10.9k base64 characters)', async () => {
    const session = connect();
    const res = await h2Request(session, { ':path': '/big-cookie', ':authority': 'example.test', cookie: `session=${'A1b2C3d4'.repeat(1125)}` });
    session.close();
    expect(res.status).toBe(200);
  });

  it('passes the body of an h2 GET sent without content-length (nginx forwards it with Content-Length)', async () => {
    const session = connect();
    const res = await h2Request(session, { ':method': 'GET', ':path': '/get-body', ':authority': 'example.test' }, 'hello');
    session.close();
    expect(seen(res.body).body).toBe('hello');
  });

  it('sends a buffered h2 body without content-length with Content-Length, not chunked (nginx: proxy_request_buffering on)', async () => {
    const session = connect();
    const res = await h2Request(session, { ':method': 'POST', ':path': '/upload', ':authority': 'example.test' }, 'x'.repeat(300_000));
    session.close();
    const s = seen(res.body);
    expect(s.body.length).toBe(300_000);
    expect(s.headers['transfer-encoding']).toBeUndefined();
    expect(s.headers['content-length']).toBe('300000');
  });

  it('adds no Content-Length: 0 to an h2 POST that has no body (nginx sends none)', async () => {
    const session = connect();
    const stream = session.request({ ':method': 'POST', ':path': '/empty', ':authority': 'example.test' }, { endStream: true });
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((r) => stream.on('end', r));
    session.close();
    expect(seen(Buffer.concat(chunks)).headers['content-length']).toBeUndefined();
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

  it('drops Content-Type on a 204 over h2 (nginx\'s HTTP/2 header filter does)', async () => {
    const session = connect();
    const res = await h2Request(session, { ':path': '/no-content', ':authority': 'example.test' });
    session.close();
    expect(res.status).toBe(204);
    expect(res.headers['content-type']).toBeUndefined();
  });
});

describe('TLS port', () => {
  it('answers a plain-HTTP request on the HTTPS port with 400 (nginx: "The plain HTTP request was sent to HTTPS port", error_page 497)', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(t.ports.https, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: example.test\r\n\r\n'));
      let out = '';
      socket.on('data', (d) => (out += d.toString('latin1')));
      socket.on('close', () => resolve(out));
      socket.on('error', () => resolve(out));
      setTimeout(() => socket.destroy(), 3000);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('(matches) refuses TLS 1.1', async () => {
    const ok = await new Promise<boolean>((resolve) => {
      const s = tls.connect({ host: '127.0.0.1', port: t.ports.https, servername: 'example.test', rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }, () => resolve(true));
      s.on('error', () => resolve(false));
    });
    expect(ok).toBe(false);
  });
});
