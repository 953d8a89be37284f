// TLS passthrough by SNI (nginx's ssl_preread, Traefik's HostSNI): on the HTTPS
// entrypoint a passthrough name reaches an nginx HTTPS backend still encrypted (the client
// sees nginx's certificate) while a name Portico serves is terminated by Portico as before,
// on the same port; on a stream port, names pick backends and unknown names are closed.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamInput } from '../../core/config/stream.ts';
import { streamData } from '../../core/db/write-config.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { canTestNginx, makeOracleDir, NGINX_BINARY, type OracleDir } from '../helpers/nginx-oracle.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { startNamedTcpUpstream } from '../helpers/stream-servers.ts';

let t: TlsEngine;
let upstream: EchoUpstream;
let oracle: OracleDir;
let nginx: ChildProcess;
let nginxPort: number;

async function startHttpsNginx(): Promise<void> {
  oracle = makeOracleDir();
  nginxPort = await freePort();
  const conf = path.join(oracle.prefix, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `daemon off; master_process off; pid ${oracle.prefix}/nginx.pid; error_log ${oracle.prefix}/error.log; events {}
http { access_log off; client_body_temp_path ${oracle.prefix}/body; proxy_temp_path ${oracle.prefix}/proxy; fastcgi_temp_path ${oracle.prefix}/fcgi; uwsgi_temp_path ${oracle.prefix}/uwsgi; scgi_temp_path ${oracle.prefix}/scgi;
  server { listen 127.0.0.1:${nginxPort} ssl; ssl_certificate ${oracle.certificate}; ssl_certificate_key ${oracle.key}; location / { return 200 "nginx backend for $ssl_server_name\\n"; } } }`,
  );
  nginx = spawn(NGINX_BINARY, ['-p', `${oracle.prefix}/`, '-c', conf], { stdio: 'ignore' });
  await waitFor('nginx', async () => fs.existsSync(path.join(oracle.prefix, 'nginx.pid')));
}

async function setStreams(streams: unknown[]): Promise<void> {
  await t.db.stream.deleteMany({});
  for (const s of streams) await t.db.stream.create({ data: streamData(StreamInput.parse(s)) });
  await t.apply();
}

/** GET / over HTTPS to `port` with SNI `servername`: the body and the certificate's subject. */
function get(port: number, servername: string): Promise<{ status: number; body: string; subject: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, servername, path: '/', headers: { host: servername }, rejectUnauthorized: false, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, subject: String((res.socket as tls.TLSSocket).getPeerCertificate().subject?.CN ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  t = await startTlsEngine();
  upstream = await startEchoUpstream((_req, res) => {
    res.end('portico host\n');
    return true;
  });
  if (canTestNginx) await startHttpsNginx();
  const certificateId = await t.addCertificate(['portico.test']);
  await t.setHosts([{ serverNames: ['portico.test'], entrypoints: ['https'], tls: { certificateId }, locations: [{ path: '/', action: { kind: 'proxy', address: `127.0.0.1:${upstream.port}` } }] }]);
}, 60000);
afterAll(async () => {
  nginx?.kill('SIGTERM');
  await t?.stop();
  await upstream?.close();
  oracle?.cleanup();
});

describe.skipIf(!canTestNginx)('TLS passthrough by SNI', () => {
  it('on the HTTPS entrypoint: a passthrough name reaches nginx, another name is terminated by Portico', async () => {
    await setStreams([{ name: 'pass', entrypoint: 'https', sni: [{ serverNames: ['backend.test', '*.wild.test'], address: `127.0.0.1:${nginxPort}` }] }]);
    const passed = await get(t.ports.https, 'backend.test');
    expect(passed).toEqual({ status: 200, body: 'nginx backend for backend.test\n', subject: 'localhost' });
    expect((await get(t.ports.https, 'x.wild.test')).body).toBe('nginx backend for x.wild.test\n');
    const terminated = await get(t.ports.https, 'portico.test');
    expect(terminated).toEqual({ status: 200, body: 'portico host\n', subject: 'portico.test' });
  });

  it('without passthrough streams the HTTPS entrypoint terminates every name again', async () => {
    await setStreams([]);
    const res = await get(t.ports.https, 'backend.test');
    expect(res.subject).not.toBe('localhost');
    expect((await get(t.ports.https, 'portico.test')).body).toBe('portico host\n');
  });

  it('on a stream port: names pick backends, a name without a route is closed', async () => {
    const port = await freePort();
    await setStreams([{ name: 'sni', listenPort: port, sni: [{ serverNames: ['backend.test'], address: `127.0.0.1:${nginxPort}` }] }]);
    expect((await get(port, 'backend.test')).body).toBe('nginx backend for backend.test\n');
    await expect(get(port, 'unknown.test')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
  });

  it('a name without a route takes the stream default on a stream port', async () => {
    const port = await freePort();
    await setStreams([{ name: 'sni', listenPort: port, address: `127.0.0.1:${nginxPort}`, sni: [{ serverNames: ['other.test'], address: '127.0.0.1:9' }] }]);
    expect((await get(port, 'anything.test')).body).toBe('nginx backend for anything.test\n');
  });
});

describe('TLS termination on a stream port', () => {
  it('presents the store certificate for the SNI name and sends plain TCP upstream; a client that does not speak TLS is closed', async () => {
    const plain = await startNamedTcpUpstream('db');
    const port = await freePort();
    try {
      await setStreams([{ name: 'tls-db', listenPort: port, address: `127.0.0.1:${plain.port}`, tls: { terminate: true } }]);
      const greeting = await new Promise<{ text: string; subject: string }>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'portico.test', ca: t.ca.certPem }, () => {
          socket.once('data', (d) => {
            resolve({ text: d.toString(), subject: String(socket.getPeerCertificate().subject?.CN ?? '') });
            socket.destroy();
          });
        });
        socket.on('error', reject);
      });
      expect(greeting).toEqual({ text: 'db\n', subject: 'portico.test' });
      expect(plain.connections).toBe(1);
      // Plain text where a ClientHello is due: the handshake fails and nothing reaches the upstream.
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
        let data = '';
        socket.on('data', (d) => (data += d.toString('latin1')));
        socket.on('close', () => resolve(data));
        socket.on('error', () => {});
      });
      expect(answer).not.toContain('db');
      expect(plain.connections).toBe(1);
    } finally {
      await plain.stop();
    }
  });
});
