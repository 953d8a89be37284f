// The HTTPS entrypoint fixture shared by the https-*.test.ts files: an in-process engine
// with test certificates (exact, wildcard, pinned, RSA) and hosts that exercise them,
// an echo upstream and a WebSocket upstream.
import { generateKeyPairSync, type X509Certificate } from 'node:crypto';
import type http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { WebSocketServer } from 'ws';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTlsEngine, type TlsEngine } from './tls-engine.ts';

export interface HttpsFixture {
  t: TlsEngine;
  upstream: EchoUpstream;
  ids: { apex: string; wild: string; pinned: string; rsa: string };
  /** Handshake only: the certificate the server presents for this SNI name. */
  handshake(servername: string | undefined, options?: tls.ConnectionOptions): Promise<{ cert: X509Certificate; socket: tls.TLSSocket }>;
  servedNames(servername: string | undefined): Promise<string>;
  close(): Promise<void>;
}

const proxyTo = (address: string, extra: Record<string, unknown> = {}) => [{ path: '/', action: { kind: 'proxy', address }, ...extra }];

export async function startHttpsFixture(): Promise<HttpsFixture> {
  const [t, upstream] = await Promise.all([
    startTlsEngine(),
    startEchoUpstream((req, res) => {
      if (req.url !== '/big') return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(3 * 1024 * 1024, 'x'));
      return true;
    }),
  ]);
  const wsServer = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wsServer.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo:${data.toString()}`)));
  await new Promise((r) => wsServer.once('listening', r));
  const wsPort = (wsServer.address() as AddressInfo).port;
  const ids = {
    apex: await t.addCertificate(['example.test', 'www.example.test']),
    wild: await t.addCertificate(['*.example.test']),
    pinned: await t.addCertificate(['pinned.example.org']),
    rsa: await t.addCertificate(['rsa.example.test'], { keys: generateKeyPairSync('rsa', { modulusLength: 2048 }) }),
  };
  await t.setHosts([
    {
      serverNames: ['example.test', 'www.example.test', 'api.example.test'],
      defaultServer: true,
      entrypoints: ['http', 'https'],
      tls: { hsts: { enabled: true, maxAgeSeconds: 31536000, includeSubDomains: true } },
      locations: [...proxyTo(upstream.address), { path: '/dead/', action: { kind: 'proxy', address: '127.0.0.1:1' } }],
    },
    { serverNames: ['secure.example.test'], entrypoints: ['http', 'https'], tls: { forceHttps: true, redirectStatus: 308 }, locations: proxyTo(upstream.address) },
    { serverNames: ['shop.example.org', '*.shop.example.org'], entrypoints: ['https'], tls: { certificateId: ids.pinned }, locations: proxyTo(upstream.address) },
    { serverNames: ['rsa.example.test'], entrypoints: ['https'], locations: proxyTo(upstream.address) },
    {
      serverNames: ['proto.example.test'],
      entrypoints: ['http', 'https'],
      tls: { forwardedProto: true },
      locations: [...proxyTo(upstream.address), { path: '/own/', action: { kind: 'proxy', address: upstream.address }, policies: { proxyHeaders: [{ name: 'X-Forwarded-Proto', value: 'custom' }] } }],
    },
    { serverNames: ['ws.example.test'], entrypoints: ['https'], locations: proxyTo(`127.0.0.1:${wsPort}`, { policies: { websocket: { enabled: true } } }) },
  ]);

  const handshake: HttpsFixture['handshake'] = (servername, options = {}) =>
    new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: t.ports.https, servername, rejectUnauthorized: false, ...options }, () => {
        resolve({ cert: socket.getPeerX509Certificate()!, socket });
      });
      socket.once('error', reject);
    });

  return {
    t,
    upstream,
    ids,
    handshake,
    async servedNames(servername) {
      const { cert, socket } = await handshake(servername);
      socket.destroy();
      return cert.subjectAltName ?? '';
    },
    async close() {
      await Promise.all([t.stop(), upstream.close(), new Promise((r) => wsServer.close(r))]);
    },
  };
}

export function h2Request(session: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, body?: string): Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers);
    const chunks: Buffer[] = [];
    let head: http2.IncomingHttpHeaders = {};
    stream.on('response', (h) => (head = h));
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve({ status: Number(head[':status']), headers: head, body: Buffer.concat(chunks) }));
    stream.on('error', reject);
    stream.end(body);
  });
}
