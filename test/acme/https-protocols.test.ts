// The HTTPS entrypoint's protocols, engine in-process: HTTP/2 by ALPN and HTTP/1.1 on one
// port, proxied to an HTTP/1.1 upstream; WebSocket over TLS; on plain HTTP, the forced
// HTTPS redirect, HSTS only over HTTPS, and the ACME HTTP-01 challenge responder.
import fs from 'node:fs';
import type http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { request } from '../helpers/http-client.ts';
import { h2Request, startHttpsFixture, type HttpsFixture } from './https-fixture.ts';
import type { TlsEngine } from './tls-engine.ts';

let f: HttpsFixture;
let t: TlsEngine;

beforeAll(async () => {
  f = await startHttpsFixture();
  t = f.t;
});
afterAll(() => f?.close());

describe('HTTP/2 and HTTP/1.1 on the TLS port', () => {
  it('negotiates h2 by ALPN and proxies to the HTTP/1.1 upstream (GET, POST body, HEAD, errors, large bodies)', async () => {
    const session = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: 'example.test', ca: t.ca.certPem });
    await new Promise((r) => session.once('connect', r));
    expect(session.alpnProtocol).toBe('h2');
    const get = await h2Request(session, { ':path': '/hello?x=1', ':authority': 'example.test', 'x-test': 'h2' });
    expect(get.status).toBe(200);
    const seen = JSON.parse(get.body.toString());
    expect(seen).toMatchObject({ method: 'GET', url: '/hello?x=1' });
    expect(seen.headers['x-test']).toBe('h2');
    expect(Object.keys(seen.headers).some((h: string) => h.startsWith(':'))).toBe(false);
    expect(get.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(get.headers.connection).toBeUndefined();

    const post = await h2Request(session, { ':method': 'POST', ':path': '/submit', ':authority': 'example.test', 'content-type': 'text/plain' }, 'a body over h2');
    expect(JSON.parse(post.body.toString())).toMatchObject({ method: 'POST', body: 'a body over h2' });
    const chunked = await h2Request(session, { ':method': 'PUT', ':path': '/put', ':authority': 'example.test' }, 'no content-length');
    expect(JSON.parse(chunked.body.toString())).toMatchObject({ method: 'PUT', body: 'no content-length' });
    const head = await h2Request(session, { ':method': 'HEAD', ':path': '/', ':authority': 'example.test' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const dead = await h2Request(session, { ':path': '/dead/x', ':authority': 'example.test' });
    expect(dead.status).toBe(502);
    expect(dead.body.toString()).toContain('502 Bad Gateway');
    const big = await h2Request(session, { ':path': '/big', ':authority': 'example.test' });
    expect(big.body.length).toBe(3 * 1024 * 1024);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => h2Request(session, { ':path': `/m${i}`, ':authority': 'example.test' })));
    expect(many.every((r) => r.status === 200)).toBe(true);
    session.close();
  });

  it('keeps serving when an HTTP/2 client resets a stream mid-response', async () => {
    const session = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: 'example.test', ca: t.ca.certPem });
    const stream = session.request({ ':path': '/big', ':authority': 'example.test' });
    await new Promise((r) => stream.once('data', r));
    stream.close(http2.constants.NGHTTP2_CANCEL);
    const next = await h2Request(session, { ':path': '/after-reset', ':authority': 'example.test' });
    expect(next.status).toBe(200);
    session.close();
  });

  it('serves HTTP/1.1 clients on the same port', async () => {
    const res = await new Promise<http.IncomingMessage & { body: string }>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: t.ports.https, path: '/h1', servername: 'example.test', headers: { host: 'example.test' }, ca: t.ca.certPem }, (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve(Object.assign(r, { body })));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.httpVersion).toBe('1.1');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).url).toBe('/h1');
  });

  it('tunnels WebSocket over HTTP/1.1 on TLS', async () => {
    // ws passes unknown options (servername: SNI and identity check) through to tls.connect.
    const options = { servername: 'ws.example.test', headers: { host: 'ws.example.test' }, ca: t.ca.certPem };
    const socket = new WebSocket(`wss://127.0.0.1:${t.ports.https}/chat`, options);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => socket.once('message', (d) => resolve(d.toString())));
    socket.send('ping');
    expect(await reply).toBe('echo:ping');
    socket.close();
  });
});

describe('X-Forwarded-Proto', () => {
  const upstreamSaw = (body: string | Buffer) => (JSON.parse(body.toString()) as { headers: Record<string, string | undefined> }).headers['x-forwarded-proto'];

  it('tells the upstream the scheme the client used when the host asks for it, replacing what the client sent', async () => {
    const session = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: 'proto.example.test', ca: t.ca.certPem });
    expect(upstreamSaw((await h2Request(session, { ':path': '/', ':authority': 'proto.example.test', 'x-forwarded-proto': 'http' })).body)).toBe('https');
    // A location's own request-header rule wins over the host switch.
    expect(upstreamSaw((await h2Request(session, { ':path': '/own/x', ':authority': 'proto.example.test' })).body)).toBe('custom');
    session.close();
    const h1 = await new Promise<string>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: t.ports.https, path: '/', servername: 'proto.example.test', headers: { host: 'proto.example.test' }, ca: t.ca.certPem }, (r) => {
        let body = '';
        r.on('data', (c) => (body += c));
        r.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
    expect(upstreamSaw(h1)).toBe('https');
    const plain = await request(t.ports.http, '/', { headers: { host: 'proto.example.test', 'x-forwarded-proto': 'https' } });
    expect(upstreamSaw(plain.body)).toBe('http');
  });

  it('is not sent by hosts that leave it off (nginx passes the client header through)', async () => {
    const session = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: 'example.test', ca: t.ca.certPem });
    expect(upstreamSaw((await h2Request(session, { ':path': '/', ':authority': 'example.test' })).body)).toBeUndefined();
    expect(upstreamSaw((await h2Request(session, { ':path': '/', ':authority': 'example.test', 'x-forwarded-proto': 'from-client' })).body)).toBe('from-client');
    session.close();
  });
});

describe('HTTP side', () => {
  it('redirects to HTTPS when the host forces it, and sends HSTS only over HTTPS', async () => {
    const res = await request(t.ports.http, '/path?q=1', { headers: { host: 'secure.example.test' } });
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`https://secure.example.test:${t.ports.https}/path?q=1`);
    const plain = await request(t.ports.http, '/', { headers: { host: 'example.test' } });
    expect(plain.status).toBe(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('answers HTTP-01 challenges for any host before routing, including forced-HTTPS hosts', async () => {
    await t.db.acmeChallenge.create({ data: { token: 'tok-in-memory', keyAuthorization: 'tok-in-memory.thumb', expiresAt: new Date(Date.now() + 60_000) } });
    const control = await fetch(`http://127.0.0.1:${t.ports.control}/acme/challenges`, { method: 'POST', headers: { authorization: `Bearer ${controlToken(t)}` } });
    expect(await control.json()).toEqual({ tokens: 1 });
    for (const host of ['unknown.invalid', 'secure.example.test']) {
      const res = await request(t.ports.http, '/.well-known/acme-challenge/tok-in-memory', { headers: { host } });
      expect(res.status).toBe(200);
      expect(res.body).toBe('tok-in-memory.thumb');
      expect(res.headers['content-type']).toBe('text/plain');
    }
    // Written without a ping: found in the database on the first request.
    await t.db.acmeChallenge.create({ data: { token: 'tok-db-only', keyAuthorization: 'tok-db-only.thumb', expiresAt: new Date(Date.now() + 60_000) } });
    expect((await request(t.ports.http, '/.well-known/acme-challenge/tok-db-only', { headers: { host: 'example.test' } })).body).toBe('tok-db-only.thumb');
    // Unknown tokens go through normal routing (the upstream may answer its own challenges).
    const passed = await request(t.ports.http, '/.well-known/acme-challenge/not-ours', { headers: { host: 'example.test' } });
    expect(JSON.parse(passed.body).url).toBe('/.well-known/acme-challenge/not-ours');
    // Expired tokens are not served: the request is routed (here to the default host's upstream).
    await t.db.acmeChallenge.create({ data: { token: 'tok-expired', keyAuthorization: 'x', expiresAt: new Date(Date.now() - 1000) } });
    const expired = await request(t.ports.http, '/.well-known/acme-challenge/tok-expired', { headers: { host: 'unknown.invalid' } });
    expect(JSON.parse(expired.body).url).toBe('/.well-known/acme-challenge/tok-expired');
  });
});

function controlToken(engine: TlsEngine): string {
  return fs.readFileSync(`${engine.dataDir}/engine.token`, 'utf8').trim();
}
