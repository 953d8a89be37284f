// The HTTPS entrypoint's certificates and TLS profile, engine in-process: SNI selection
// (exact, wildcard, pinned, default) and hot swap of a renewed certificate; TLS 1.2/1.3
// only with forward-secret AEAD suites; session resumption with rotated ticket keys.
import { X509Certificate } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../proxy-engine/runtime/types.ts';
import { createHttpsListener } from '../../proxy-engine/server/https-listener.ts';
import { ensureFallbackCertificate } from '../../proxy-engine/tls/fallback-certificate.ts';
import { h2Request, startHttpsFixture, type HttpsFixture } from './https-fixture.ts';
import type { TlsEngine } from './tls-engine.ts';

let f: HttpsFixture;
let t: TlsEngine;

beforeAll(async () => {
  f = await startHttpsFixture();
  t = f.t;
});
afterAll(() => f?.close());

describe('certificates by SNI', () => {
  const cases: { desc: string; sni: string | undefined; expected: string }[] = [
    { desc: 'exact name', sni: 'example.test', expected: 'DNS:example.test, DNS:www.example.test' },
    { desc: 'wildcard', sni: 'api.example.test', expected: 'DNS:*.example.test' },
    { desc: 'certificate pinned by a host (through its wildcard server name)', sni: 'eu.shop.example.org', expected: 'DNS:pinned.example.org' },
    { desc: "unknown name: the default host's certificate", sni: 'nobody.invalid', expected: 'DNS:example.test, DNS:www.example.test' },
    { desc: "no SNI: the default host's certificate", sni: undefined, expected: 'DNS:example.test, DNS:www.example.test' },
  ];
  for (const c of cases) {
    it(c.desc, async () => {
      expect(await f.servedNames(c.sni)).toBe(c.expected);
    });
  }

  it('serves a chain that verifies against its CA for the name', async () => {
    const { socket } = await f.handshake('www.example.test', { rejectUnauthorized: true, ca: t.ca.certPem });
    expect(socket.authorized).toBe(true);
    socket.destroy();
  });

  it('swaps a renewed certificate in by hot apply, without a restart or a dropped connection', async () => {
    const session = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: 'api.example.test', ca: t.ca.certPem, checkServerIdentity: () => undefined });
    expect((await h2Request(session, { ':path': '/before', ':authority': 'api.example.test' })).status).toBe(200);
    const before = (await f.handshake('api.example.test')).cert.fingerprint256;
    const renewed = await t.replaceCertificate(f.ids.wild, ['*.example.test']);
    await t.apply();
    const after = (await f.handshake('api.example.test')).cert;
    expect(after.fingerprint256).not.toBe(before);
    expect(after.fingerprint256).toBe(new X509Certificate(renewed.certPem).fingerprint256);
    // The connection opened before the swap keeps working.
    expect((await h2Request(session, { ':path': '/after', ':authority': 'api.example.test' })).status).toBe(200);
    session.close();
  });
});

describe('TLS profile', () => {
  const refused: { desc: string; options: tls.ConnectionOptions }[] = [
    { desc: 'TLS 1.1', options: { servername: 'example.test', minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } },
    { desc: 'TLS 1.0', options: { servername: 'example.test', minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } },
    { desc: 'CBC suites only (TLS 1.2)', options: { servername: 'rsa.example.test', maxVersion: 'TLSv1.2', ciphers: 'ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256' } },
    { desc: 'no forward secrecy (static RSA key exchange)', options: { servername: 'rsa.example.test', maxVersion: 'TLSv1.2', ciphers: 'AES128-GCM-SHA256:AES256-GCM-SHA384' } },
  ];
  for (const r of refused) {
    it(`refuses ${r.desc}`, async () => {
      await expect(f.handshake(r.options.servername, r.options)).rejects.toThrow();
    });
  }

  it('accepts TLS 1.2 ECDHE-GCM and TLS 1.3', async () => {
    const v12 = await f.handshake('rsa.example.test', { maxVersion: 'TLSv1.2' });
    expect(v12.socket.getProtocol()).toBe('TLSv1.2');
    expect(v12.socket.getCipher().name).toMatch(/^ECDHE-RSA-(AES\d+-GCM|CHACHA20)/);
    v12.socket.destroy();
    const v13 = await f.handshake('example.test');
    expect(v13.socket.getProtocol()).toBe('TLSv1.3');
    v13.socket.destroy();
  });

  it('resumes sessions with tickets until the ticket key rotates', async () => {
    // A listener of its own, to rotate its ticket key from the test.
    const listener = createHttpsListener({
      current: () => ({}) as Runtime,
      entrypoint: { name: 'https', port: 0, httpsPort: 0 },
      fallback: ensureFallbackCertificate(t.dataDir),
    });
    await new Promise<void>((r) => listener.server.listen(0, '127.0.0.1', r));
    const port = (listener.server.address() as AddressInfo).port;
    const connect = (session?: Buffer) =>
      new Promise<tls.TLSSocket>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'x.test', rejectUnauthorized: false, maxVersion: 'TLSv1.2', session }, () => resolve(socket));
        socket.once('error', reject);
      });
    try {
      const first = await connect();
      const session = first.getSession()!;
      first.destroy();
      const resumed = await connect(session);
      expect(resumed.isSessionReused()).toBe(true);
      resumed.destroy();
      listener.tickets.rotate();
      const afterRotation = await connect(session);
      expect(afterRotation.isSessionReused()).toBe(false);
      afterRotation.destroy();
    } finally {
      await listener.close(100);
    }
  });
});
