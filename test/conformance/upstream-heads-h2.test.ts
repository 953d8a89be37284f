// The upstream's head over HTTP/2 (nginx h2c, Portico h2 over TLS): a 204 loses its
// Content-Type and Content-Length (nginx's HTTP/2 module drops them; HTTP/1.1 keeps an
// upstream's, see upstream-heads.test.ts), Last-Modified stays; no reason phrase exists
// in HTTP/2; passed Server and Date still replace the proxy's own.
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { h2Request } from '../acme/https-fixture.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { startCannedUpstream, type CannedUpstream } from '../helpers/canned-upstream.ts';
import { startNginx, type NginxUnderTest } from './harness/nginx.ts';

const host = 'h2heads.example.com';
const answers: Record<string, string> = {
  'no-content': 'HTTP/1.1 204 No Content\r\nContent-Type: text/plain\r\nLast-Modified: Thu, 01 Jan 2015 00:00:00 GMT\r\nX-Kept: 1\r\n\r\n',
  'no-content-length': 'HTTP/1.1 204 Nothing\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n',
  reason: 'HTTP/1.1 404 Nothing Here\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok',
  ok: 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: up/1.0\r\nDate: Thu, 01 Jan 2015 00:00:00 GMT\r\nContent-Length: 2\r\n\r\nok',
};
/** What both must agree on; Server and Date are compared only when passed from the upstream. */
const COMPARED = ['content-type', 'content-length', 'last-modified', 'x-kept'];

describe('conformance over HTTP/2: the upstream head', () => {
  let upstream: CannedUpstream;
  let nginx: NginxUnderTest;
  let t: TlsEngine;
  beforeAll(async () => {
    upstream = await startCannedUpstream(answers);
    const config = `server { listen 80 http2; server_name ${host};
      location / { proxy_pass http://${upstream.address}; }
      location /pass/ { proxy_pass http://${upstream.address}/; proxy_pass_header Server; proxy_pass_header Date; } }`;
    [nginx, t] = await Promise.all([startNginx(config), startTlsEngine()]);
    await t.addCertificate([host]);
    const proxy = { kind: 'proxy', address: upstream.address };
    await t.setHosts([
      {
        serverNames: [host],
        entrypoints: ['https'],
        locations: [
          { path: '/pass/', action: { ...proxy, uri: '/' }, policies: { responseHeaders: { add: [], hide: [], pass: ['Server', 'Date'] } } },
          { path: '/', action: proxy },
        ],
      },
    ]);
  });
  afterAll(async () => {
    await Promise.all([nginx?.stop(), t?.stop(), upstream?.close()]);
  });

  async function seen(session: http2.ClientHttp2Session, target: string, passed: boolean) {
    const response = await h2Request(session, { ':path': target, ':authority': host });
    const names = passed ? [...COMPARED, 'server', 'date'] : COMPARED;
    return { status: response.status, body: response.body.toString(), headers: Object.fromEntries(names.map((n) => [n, response.headers[n] ?? null])) };
  }

  it.each([
    ['/no-content', false],
    ['/no-content-length', false],
    ['/reason', false],
    ['/pass/ok', true],
    ['/pass/no-content', true],
  ] as const)('%s', async (target, passed) => {
    const fromNginx = http2.connect(`http://127.0.0.1:${nginx.port}`);
    const fromPortico = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: host, ca: t.ca.certPem });
    try {
      const expected = await seen(fromNginx, target, passed);
      if (target === '/no-content') expect(expected.headers).toMatchObject({ 'content-type': null, 'last-modified': 'Thu, 01 Jan 2015 00:00:00 GMT' });
      expect(await seen(fromPortico, target, passed)).toEqual(expected);
    } finally {
      fromNginx.close();
      fromPortico.close();
    }
  });
});
