// Upstream responses with doubtful framing, through nginx and Portico: the same canned
// bytes from one raw upstream, the client's answer compared. Debian's nginx 1.22 (the
// oracle here) still passes most of them on; nginx 1.23 and later answer 502 ("upstream
// sent duplicate header line", "unknown Transfer-Encoding", "Content-Length and
// Transfer-Encoding at the same time", "invalid Content-Length"), and so does Portico:
// docs/nginx-compatibility.md says why. Everything else must match nginx 1.22: sound
// framing is passed, and a body cut short or with a bad chunk reaches the client
// incomplete (or not at all), never as a complete answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCannedUpstream, type CannedAnswer, type CannedUpstream } from '../helpers/canned-upstream.ts';
import { startNginx, type NginxUnderTest } from './harness/nginx.ts';
import { startPortico, type PorticoUnderTest } from './harness/portico.ts';
import { send } from './harness/raw-http.ts';

const HOST = 'framing.example.com';
const ok = (framing: string, body: string): CannedAnswer => ({ bytes: `HTTP/1.1 200 OK\r\n${framing}\r\n${body}`, thenClose: true });
const chunkedOk = '2\r\nok\r\n0\r\n\r\n';

/** What a client can tell: a complete answer (status and body), or none / one cut short. */
type Seen = { status: number; body: string } | 'incomplete';

const cases: { name: string; desc: string; answer: CannedAnswer; nginx: Seen; portico?: Seen }[] = [
  // nginx ≥ 1.23 and Portico: 502. nginx 1.22: passed on.
  { name: 'te-chunked-chunked', desc: 'Transfer-Encoding: chunked, chunked', answer: ok('Transfer-Encoding: chunked, chunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-two-lines', desc: 'Transfer-Encoding: chunked on two lines', answer: ok('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-identity-chunked', desc: 'Transfer-Encoding: identity, chunked', answer: ok('Transfer-Encoding: identity, chunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-chunked-identity', desc: 'chunked not last: chunked, identity', answer: ok('Transfer-Encoding: chunked, identity\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-gzip-chunked', desc: 'Transfer-Encoding: gzip, chunked', answer: ok('Transfer-Encoding: gzip, chunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-gzip', desc: 'Transfer-Encoding: gzip alone', answer: ok('Transfer-Encoding: gzip\r\n', 'ok'), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-identity', desc: 'Transfer-Encoding: identity', answer: ok('Transfer-Encoding: identity\r\n', 'ok'), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-xchunked', desc: 'Transfer-Encoding: xchunked', answer: ok('Transfer-Encoding: xchunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'te-then-cl', desc: 'Transfer-Encoding then Content-Length', answer: ok('Transfer-Encoding: chunked\r\nContent-Length: 2\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'cl-then-te', desc: 'Content-Length then Transfer-Encoding', answer: ok('Content-Length: 2\r\nTransfer-Encoding: chunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'cl-equal-twice', desc: 'Content-Length twice, equal', answer: ok('Content-Length: 2\r\nContent-Length: 2\r\n', 'ok'), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'cl-conflicting', desc: 'Content-Length twice, different', answer: ok('Content-Length: 2\r\nContent-Length: 3\r\n', 'ok!'), nginx: { status: 200, body: 'ok!' }, portico: { status: 502, body: '' } },
  { name: 'cl-list', desc: 'Content-Length: 2, 2', answer: ok('Content-Length: 2, 2\r\n', 'ok'), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'cl-signed', desc: 'Content-Length: +2', answer: ok('Content-Length: +2\r\n', 'ok'), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'cl-hex', desc: 'Content-Length: 0x2', answer: ok('Content-Length: 0x2\r\n', 'ok'), nginx: { status: 200, body: 'ok' }, portico: { status: 502, body: '' } },
  { name: 'not-modified-te', desc: '304 with Transfer-Encoding: chunked, chunked', answer: 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked, chunked\r\n\r\n', nginx: { status: 304, body: '' }, portico: { status: 502, body: '' } },
  // Both: sound framing passes.
  { name: 'te-capitalised', desc: 'Transfer-Encoding: Chunked', answer: ok('Transfer-Encoding: Chunked\r\n', chunkedOk), nginx: { status: 200, body: 'ok' } },
  { name: 'cl-trailing-space', desc: 'Content-Length with trailing whitespace', answer: ok('Content-Length: 2 \r\n', 'ok'), nginx: { status: 200, body: 'ok' } },
  { name: 'chunk-extension', desc: 'a chunk extension', answer: ok('Transfer-Encoding: chunked\r\n', '2;name=value\r\nok\r\n0\r\n\r\n'), nginx: { status: 200, body: 'ok' } },
  { name: 'close-delimited', desc: 'neither header: the body ends with the connection', answer: ok('Content-Type: text/plain\r\n', 'ok'), nginx: { status: 200, body: 'ok' } },
  // Both: a bad chunk or a body cut short never reaches the client as complete.
  { name: 'chunk-letters', desc: 'chunk size "zz"', answer: ok('Transfer-Encoding: chunked\r\n', 'zz\r\nok\r\n0\r\n\r\n'), nginx: 'incomplete' },
  { name: 'chunk-negative', desc: 'chunk size "-2"', answer: ok('Transfer-Encoding: chunked\r\n', '-2\r\nok\r\n0\r\n\r\n'), nginx: 'incomplete' },
  { name: 'chunk-overflow', desc: 'a chunk size that overflows', answer: ok('Transfer-Encoding: chunked\r\n', 'ffffffffffffffffff\r\nok\r\n0\r\n\r\n'), nginx: 'incomplete' },
  { name: 'chunk-0x', desc: 'chunk size "0x2"', answer: ok('Transfer-Encoding: chunked\r\n', '0x2\r\nok\r\n0\r\n\r\n'), nginx: 'incomplete' },
  { name: 'chunk-too-long', desc: 'chunk data longer than its size', answer: ok('Transfer-Encoding: chunked\r\n', '2\r\nokok\r\n0\r\n\r\n'), nginx: 'incomplete' },
  { name: 'chunk-bad-later', desc: 'a bad chunk size after a good chunk', answer: ok('Transfer-Encoding: chunked\r\n', '2\r\nok\r\nzz\r\nok\r\n0\r\n\r\n'), nginx: 'incomplete' },
  { name: 'chunk-cut', desc: 'chunked body cut short', answer: ok('Transfer-Encoding: chunked\r\n', '5\r\nok'), nginx: 'incomplete' },
  { name: 'length-cut', desc: 'Content-Length body cut short', answer: ok('Content-Length: 5\r\n', 'ok'), nginx: 'incomplete' },
  // nginx accepts whitespace after a chunk size; Node's parser (undici) does not.
  { name: 'chunk-size-space', desc: 'a chunk size followed by a space', answer: ok('Transfer-Encoding: chunked\r\n', '2 \r\nok\r\n0\r\n\r\n'), nginx: { status: 200, body: 'ok' }, portico: 'incomplete' },
];

describe('conformance: upstream response framing', () => {
  let upstream: CannedUpstream;
  let nginx: NginxUnderTest;
  let portico: PorticoUnderTest;
  beforeAll(async () => {
    upstream = await startCannedUpstream(Object.fromEntries(cases.map((c) => [c.name, c.answer])));
    const config = `server { listen 80; server_name ${HOST}; location / { proxy_pass http://${upstream.address}; proxy_http_version 1.1; } }`;
    nginx = await startNginx(config);
    portico = await startPortico();
    await portico.apply(config);
  });
  afterAll(async () => {
    await nginx?.stop();
    await portico?.stop();
    await upstream?.close();
  });

  const seen = async (port: number, name: string): Promise<Seen> => {
    const response = await send(port, { target: `/${name}`, host: HOST });
    if (response.status === 0 || response.headers.some(([n]) => n === 'x-harness')) return 'incomplete';
    const generated = !response.headers.some(([n]) => n.toLowerCase() === 'x-upstream') && response.status === 502;
    return { status: response.status, body: generated ? '' : response.body.toString() };
  };

  it.each(cases)('$desc', async (c) => {
    const fromNginx = await seen(nginx.port, c.name);
    expect(fromNginx, 'nginx').toEqual(c.nginx);
    expect(await seen(portico.port, c.name), 'Portico').toEqual(c.portico ?? c.nginx);
  });
});
