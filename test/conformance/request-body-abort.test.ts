// Request bodies cut short or mis-framed, sent to nginx and to Portico: what the client
// gets and whether the upstream ever receives a complete request. nginx buffers bodies
// by default (the upstream sees nothing) and, with proxy_request_buffering off, closes
// the upstream connection mid-body; Portico streams (or reads whole, for a pool that may
// retry). Either way the upstream must never get a complete message, and the client the
// same answer as from nginx, except where docs/nginx-compatibility.md says otherwise:
// an HTTP/2 body that does not add up to its content-length is refused by Node's HTTP/2
// layer (RST_STREAM PROTOCOL_ERROR, or the connection for excess DATA) where nginx
// answers 400.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostInput } from '../../core/config/host.ts';
import { PoolInput } from '../../core/config/pool.ts';
import { clearConfig, createConfigObjects } from '../../core/db/write-config.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { waitForAccessLog } from '../helpers/access-log.ts';
import { h2Upload, type Upload } from '../helpers/h2-upload.ts';
import { waitFor } from '../helpers/ports.ts';
import { createRecordingLog, type RecordingLog } from '../helpers/recording-upstream.ts';
import { startNginx, type NginxUnderTest } from './harness/nginx.ts';
import { startPortico, type PorticoUnderTest } from './harness/portico.ts';

const HOST = 'body.example.com';
let log: RecordingLog;
let upstream: string;
let serial = 0;
const target = (prefix: string) => `${prefix}case-${++serial}`;

beforeAll(async () => {
  log = createRecordingLog();
  upstream = (await log.start('a')).address;
});
afterAll(async () => {
  await log?.close();
});

/** Whether the upstream ever got a complete request for `url`, once nothing for it is still arriving. */
async function upstreamGotComplete(url: string): Promise<boolean> {
  await waitFor(`the upstream to finish with ${url}`, async () => log.forUrl(url).every((r) => r.state !== 'receiving'));
  return log.forUrl(url).some((r) => r.state === 'complete');
}

/** Writes the request, ends the connection as told, returns the answer's status line ("" for none). */
function rawUpload(port: number, bytes: string, end: 'fin' | 'wait'): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer.split('\r\n')[0]!));
    socket.write(bytes, () => {
      if (end === 'fin') socket.end();
    });
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

describe('conformance: HTTP/1.1 request bodies cut short or mis-framed', () => {
  let nginx: NginxUnderTest;
  let portico: PorticoUnderTest;
  beforeAll(async () => {
    const config = `server { listen 80; server_name ${HOST};
      location / { proxy_pass http://${upstream}; }
      location /unbuffered/ { proxy_pass http://${upstream}; proxy_http_version 1.1; proxy_request_buffering off; } }`;
    nginx = await startNginx(config);
    portico = await startPortico();
    // Portico has no proxy_request_buffering: it streams bodies (or reads them whole for a retry).
    await portico.apply(config, { allowUnsupported: [/request.buffering|proxy_request_buffering/i] });
  });
  afterAll(async () => {
    await nginx?.stop();
    await portico?.stop();
  });

  const chunked = 'Transfer-Encoding: chunked\r\n';
  const cases: { desc: string; framing: string; body: string; end: 'fin' | 'wait'; answer: string }[] = [
    { desc: 'Content-Length 100, 3 bytes, then the client closes', framing: 'Content-Length: 100\r\n', body: 'abc', end: 'fin', answer: '' },
    { desc: 'chunked, cut mid-chunk, then the client closes', framing: chunked, body: '32\r\nxxxxx', end: 'fin', answer: '' },
    { desc: 'chunked, cut between chunks, then the client closes', framing: chunked, body: '5\r\nhello\r\n', end: 'fin', answer: '' },
    { desc: 'chunked, the last chunk without its final CRLF, then the client closes', framing: chunked, body: '5\r\nhello\r\n0\r\n', end: 'fin', answer: '' },
    { desc: 'chunked, a bad chunk size after a good chunk', framing: chunked, body: '5\r\nhello\r\nzz\r\nab\r\n0\r\n\r\n', end: 'wait', answer: 'HTTP/1.1 400 Bad Request' },
    { desc: 'chunked, a negative chunk size', framing: chunked, body: '-5\r\nhello\r\n0\r\n\r\n', end: 'wait', answer: 'HTTP/1.1 400 Bad Request' },
    { desc: 'chunked, a chunk size that overflows', framing: chunked, body: '5\r\nhello\r\nfffffffffffffffffff\r\nab\r\n0\r\n\r\n', end: 'wait', answer: 'HTTP/1.1 400 Bad Request' },
    { desc: 'chunked, chunk data longer than its size', framing: chunked, body: '5\r\nhelloEXTRA\r\n0\r\n\r\n', end: 'wait', answer: 'HTTP/1.1 400 Bad Request' },
  ];

  for (const prefix of ['/', '/unbuffered/']) {
    it.each(cases)(`${prefix}: $desc → the same answer, and no complete request upstream`, async ({ framing, body, end, answer }) => {
      const send = (port: number, url: string) => rawUpload(port, `POST ${url} HTTP/1.1\r\nHost: ${HOST}\r\n${framing}\r\n${body}`, end);
      const [viaNginx, viaPortico] = [target(prefix), target(prefix)];
      const fromNginx = await send(nginx.port, viaNginx);
      const fromPortico = await send(portico.port, viaPortico);
      expect(fromNginx, 'nginx').toBe(answer);
      expect(fromPortico, 'Portico differs from nginx').toBe(fromNginx);
      expect(await upstreamGotComplete(viaNginx), 'nginx sent a complete request').toBe(false);
      expect(await upstreamGotComplete(viaPortico), 'Portico sent a complete request').toBe(false);
    });
  }
});

describe('conformance: HTTP/2 request bodies cut short or mis-framed', () => {
  let nginx: NginxUnderTest;
  let t: TlsEngine;
  beforeAll(async () => {
    // nginx: cleartext HTTP/2 (prior knowledge); Portico speaks HTTP/2 over TLS only.
    nginx = await startNginx(`server { listen 80 http2; server_name ${HOST};
      location / { proxy_pass http://${upstream}; }
      location /unbuffered/ { proxy_pass http://${upstream}; proxy_http_version 1.1; proxy_request_buffering off; } }`);
    t = await startTlsEngine();
    await t.addCertificate([HOST]);
    const second = await log.start('b');
    await t.db.$transaction(async (tx) => {
      await clearConfig(tx);
      await createConfigObjects(tx, {
        pools: [PoolInput.parse({ name: 'pair', servers: [{ address: upstream }, { address: second.address }] })],
        hosts: [
          HostInput.parse({
            serverNames: [HOST],
            entrypoints: ['https'],
            locations: [
              // Streamed to one server, and read whole first for a pool (as nginx buffers).
              { path: '/', action: { kind: 'proxy', address: upstream } },
              { path: '/unbuffered/', action: { kind: 'proxy', poolId: 'pair' } },
            ],
          }),
        ],
        cacheZones: [],
        limitZones: [],
      });
    });
    await t.apply();
  });
  afterAll(async () => {
    await nginx?.stop();
    await t?.stop();
  });

  const fifty = 'x'.repeat(50);
  type Outcome = 'answered 400' | 'no answer' | 'refused by the HTTP/2 layer';
  const cases: { desc: string; upload: Omit<Upload, 'path' | 'authority'>; nginx: Outcome; portico: Outcome }[] = [
    { desc: 'no content-length, 50 bytes, RST_STREAM', upload: { body: fifty, end: 'rst-no-error' }, nginx: 'no answer', portico: 'no answer' },
    { desc: 'no content-length, 50 bytes, RST_STREAM INTERNAL_ERROR', upload: { body: fifty, end: 'rst-internal-error' }, nginx: 'no answer', portico: 'no answer' },
    { desc: 'no content-length, 50 bytes, the connection closes', upload: { body: fifty, end: 'close-connection' }, nginx: 'no answer', portico: 'no answer' },
    { desc: 'content-length 100, 3 bytes, RST_STREAM', upload: { contentLength: 100, body: 'abc', end: 'rst-no-error' }, nginx: 'no answer', portico: 'no answer' },
    { desc: 'content-length 100, 3 bytes, END_STREAM', upload: { contentLength: 100, body: 'abc', end: 'end-stream' }, nginx: 'answered 400', portico: 'refused by the HTTP/2 layer' },
    { desc: 'content-length 3, 50 bytes, END_STREAM', upload: { contentLength: 3, body: fifty, end: 'end-stream' }, nginx: 'answered 400', portico: 'refused by the HTTP/2 layer' },
    { desc: 'content-length 5, END_STREAM on HEADERS', upload: { contentLength: 5, body: '', end: 'end-stream' }, nginx: 'answered 400', portico: 'refused by the HTTP/2 layer' },
  ];

  const outcome = (result: { status: number | null; rstCode: number | null }, upload: Omit<Upload, 'path' | 'authority'>): Outcome => {
    if (result.status === 400) return 'answered 400';
    if (result.status === null && upload.end === 'end-stream') return 'refused by the HTTP/2 layer';
    return result.status === null ? 'no answer' : (`answered ${result.status}` as Outcome);
  };

  for (const prefix of ['/', '/unbuffered/']) {
    it.each(cases)(`${prefix}: $desc → nginx: $nginx, Portico: $portico; no complete request upstream`, async (c) => {
      const [viaNginx, viaPortico] = [target(prefix), target(prefix)];
      const fromNginx = await h2Upload({ origin: `http://127.0.0.1:${nginx.port}` }, { ...c.upload, path: viaNginx, authority: HOST });
      const fromPortico = await h2Upload({ origin: `https://127.0.0.1:${t.ports.https}`, ca: t.ca.certPem, servername: HOST }, { ...c.upload, path: viaPortico, authority: HOST });
      expect(outcome(fromNginx, c.upload), 'nginx').toBe(c.nginx);
      expect(outcome(fromPortico, c.upload), 'Portico').toBe(c.portico);
      // A stream refused by the HTTP/2 layer may never reach the handler: a later request's
      // log line shows Portico got past it.
      if (c.portico === 'refused by the HTTP/2 layer') {
        const sentinel = target('/sentinel-');
        await h2Upload({ origin: `https://127.0.0.1:${t.ports.https}`, ca: t.ca.certPem, servername: HOST }, { method: 'GET', path: sentinel, authority: HOST, body: '', end: 'end-stream' });
        await waitForAccessLog(t.dataDir, sentinel);
      } else {
        await waitForAccessLog(t.dataDir, viaPortico);
      }
      expect(await upstreamGotComplete(viaNginx), 'nginx sent a complete request').toBe(false);
      expect(await upstreamGotComplete(viaPortico), 'Portico sent a complete request').toBe(false);
    });
  }
});
