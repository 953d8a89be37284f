// Forwarding details of the routing issue that need real sockets: unix-socket and HTTPS
// upstreams (verification and SNI), unbuffered streaming for Server-Sent Events, request
// body limits, custom error pages, refused WebSocket upgrades, static files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

let engine: TestEngine;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-fwd-'));
const servers: (http.Server | https.Server)[] = [];
let tlsPort = 0;
let sniSeen = '';

function listen(server: http.Server | https.Server, where: number | string): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => {
    if (typeof where === 'string') server.listen(where, () => resolve(0));
    else server.listen(where, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

function makeCertificate(): { key: string; cert: string; ca: string } {
  // A throwaway CA and a certificate for "upstream.internal", made with openssl.
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA');
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'up.key', '-out', 'up.csr', '-subj', '/CN=upstream.internal');
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:upstream.internal\n');
  run('x509', '-req', '-in', 'up.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'up.pem', '-days', '2', '-extfile', 'ext.cnf');
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  return { key: read('up.key'), cert: read('up.pem'), ca: read('ca.pem') };
}

beforeAll(async () => {
  const socketPath = path.join(dir, 'app.sock');
  await listen(http.createServer((req, res) => res.end(`unix:${req.url}`)), socketPath);
  const sse = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write('data: first\n\n');
    const timer = setTimeout(() => res.end('data: second\n\n'), 1500);
    res.on('close', () => clearTimeout(timer));
  });
  const ssePort = await listen(sse, 0);
  const bodies = http.createServer((req, res) => {
    let n = 0;
    req.on('data', (c: Buffer) => (n += c.length));
    req.on('end', () => res.end(`got ${n}`));
  });
  const bodyPort = await listen(bodies, 0);
  const failing = http.createServer((_req, res) => res.writeHead(503).end('upstream says no'));
  const failingPort = await listen(failing, 0);
  const { key, cert, ca } = makeCertificate();
  const tls = https.createServer({ key, cert, SNICallback: (name, cb) => ((sniSeen = name), cb(null, undefined as never)) }, (_req, res) => res.end('secure'));
  tlsPort = await listen(tls, 0);
  fs.mkdirSync(path.join(dir, 'www/docs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'www/index.html'), '<h1>home</h1>');
  fs.writeFileSync(path.join(dir, 'www/docs/guide.txt'), 'guide');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'www/leak.txt'));

  engine = await startTestEngine();
  await engine.configure({
    pools: [
      { name: 'secure', servers: [{ address: `127.0.0.1:${tlsPort}` }], tls: { verify: true, serverName: 'upstream.internal', caPem: ca } },
      { name: 'secure-unverified-name', servers: [{ address: `127.0.0.1:${tlsPort}` }], tls: { verify: true, caPem: ca } },
    ],
    hosts: [
      {
        serverNames: ['fwd.test'],
        errorPages: { '502': { body: '<p>custom bad gateway</p>', contentType: 'text/html' } },
        locations: [
          { path: '/unix/', action: { kind: 'proxy', address: `unix:${socketPath}` } },
          { path: '/events', action: { kind: 'proxy', address: `127.0.0.1:${ssePort}` }, policies: { buffering: { enabled: false } } },
          { path: '/upload', action: { kind: 'proxy', address: `127.0.0.1:${bodyPort}` }, policies: { maxBodyBytes: 1000 } },
          { path: '/failing', action: { kind: 'proxy', address: `127.0.0.1:${failingPort}` } },
          { path: '/down', action: { kind: 'proxy', address: '127.0.0.1:9' } },
          { path: '/secure', action: { kind: 'proxy', scheme: 'https', poolId: 'secure' } },
          { path: '/secure-bad', action: { kind: 'proxy', scheme: 'https', poolId: 'secure-unverified-name' } },
          { path: '/ws-off', action: { kind: 'proxy', address: `127.0.0.1:${bodyPort}` } },
          { path: '/static/', action: { kind: 'static', alias: path.join(dir, 'www') + '/' } },
          { path: '/', action: { kind: 'static', root: path.join(dir, 'www'), tryFiles: ['$uri', '$uri/', '/index.html'] } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  for (const s of servers) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (p: string, options: Parameters<typeof request>[2] = {}) => request(engine.port, p, { ...options, headers: { host: 'fwd.test', ...options.headers } });

describe('upstreams', () => {
  it('proxies to a unix socket', async () => {
    expect((await get('/unix/x?y=1')).body).toBe('unix:/unix/x?y=1');
  });

  it('proxies to HTTPS with certificate verification and SNI', async () => {
    const res = await get('/secure');
    expect([res.status, res.body]).toEqual([200, 'secure']);
    expect(sniSeen).toBe('upstream.internal');
  });

  it('refuses an HTTPS upstream whose certificate does not match with 502', async () => {
    expect((await get('/secure-bad')).status).toBe(502);
  });
});

describe('streaming', () => {
  it('flushes Server-Sent Events at once when buffering is off', async () => {
    const firstEventAt = await new Promise<number>((resolve, reject) => {
      const t0 = Date.now();
      http
        .get({ host: '127.0.0.1', port: engine.port, path: '/events', headers: { host: 'fwd.test' } }, (res) => {
          res.once('data', (chunk: Buffer) => {
            expect(chunk.toString()).toContain('data: first');
            resolve(Date.now() - t0);
            res.destroy();
          });
        })
        .on('error', reject);
    });
    expect(firstEventAt).toBeLessThan(1000);
  });
});

describe('request bodies', () => {
  it('answers 413 to a Content-Length over the limit without contacting the upstream', async () => {
    const res = await get('/upload', { method: 'POST', body: 'x'.repeat(1001) });
    expect(res.status).toBe(413);
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const response = await rawExchange(engine.port, `POST /upload HTTP/1.1\r\nHost: fwd.test\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n${'x'.repeat(1024)}\r\n0\r\n\r\n`);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('passes a body within the limit', async () => {
    expect((await get('/upload', { method: 'POST', body: 'x'.repeat(1000) })).body).toBe('got 1000');
  });
});

describe('error pages', () => {
  it("shows the host's custom page for a proxy error", async () => {
    const res = await get('/down');
    expect(res.status).toBe(502);
    expect(res.body).toBe('<p>custom bad gateway</p>');
  });

  it("passes the upstream's own error response through", async () => {
    const res = await get('/failing');
    expect([res.status, res.body]).toEqual([503, 'upstream says no']);
  });
});

describe('WebSocket', () => {
  it('treats an upgrade to a location without WebSocket as a plain request (Upgrade not forwarded)', async () => {
    const response = await rawExchange(engine.port, 'GET /ws-off HTTP/1.1\r\nHost: fwd.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n', 1000);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});

describe('static files', () => {
  it('serves index files, alias paths and try_files fallbacks', async () => {
    expect((await get('/')).body).toBe('<h1>home</h1>');
    const guide = await get('/static/docs/guide.txt');
    expect([guide.status, guide.body, guide.headers['content-type']]).toEqual([200, 'guide', 'text/plain']);
    expect((await get('/some/client/route')).body).toBe('<h1>home</h1>');
  });

  it('answers conditional and range requests', async () => {
    const first = await get('/static/docs/guide.txt');
    expect((await get('/static/docs/guide.txt', { headers: { 'if-none-match': first.headers.etag as string } })).status).toBe(304);
    const part = await get('/static/docs/guide.txt', { headers: { range: 'bytes=1-3' } });
    expect([part.status, part.body, part.headers['content-range']]).toEqual([206, 'uid', 'bytes 1-3/5']);
  });

  it('never leaves the root: no symlink, encoded slash or traversal gets out', async () => {
    expect((await get('/static/leak.txt')).status).toBe(404);
    // "/static/../secret.txt" is "/secret.txt", and so is its spelling with encoded
    // slashes (decoded as nginx does): the "/" location's try_files falls back to the index.
    for (const target of ['/static/../secret.txt', '/static/docs%2F..%2F..%2Fsecret.txt']) {
      const climbed = await get(target);
      expect(climbed.body).not.toContain('do not serve');
    }
    // An encoded slash inside the alias location names a file under it, never outside.
    expect((await get('/static/docs%2Fguide.txt')).body).toBe('guide');
  });

  it('redirects a directory without its slash', async () => {
    const res = await get('/static/docs');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`http://fwd.test:${engine.port}/static/docs/`);
  });
});
