// Request bodies of unknown length (HTTP/1.1 chunked, HTTP/2 without content-length),
// the same configuration text run by nginx and by Portico: the client's status, and what
// the upstream received: the method, how the body was framed (Content-Length N, chunked
// or none), the body, and whether the message was complete. nginx reads such a body whole
// before contacting the upstream (proxy_request_buffering on, the default) and sends it
// with Content-Length; a body over client_max_body_size gets 413 and the upstream never
// sees a byte. With proxy_request_buffering off and proxy_http_version 1.1 a body still
// arriving is streamed chunked; one that came whole with the header goes with its length.
// HTTP/2: nginx over h2c, Portico over TLS (its only HTTP/2), the same text imported.
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importNginx } from '../../core/nginx/import-nginx.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { waitFor } from '../helpers/ports.ts';
import { createRecordingLog, type RecordingLog } from '../helpers/recording-upstream.ts';
import { startNginx, type NginxUnderTest } from './harness/nginx.ts';
import { startPortico, type PorticoUnderTest } from './harness/portico.ts';

const HOST = 'bodies.example.com';
const config = (upstream: string, listen: string) => `server { listen ${listen}; server_name ${HOST};
  client_max_body_size 100;
  location / { proxy_pass http://${upstream}; }
  location /big/ { proxy_pass http://${upstream}; client_max_body_size 1m; client_body_buffer_size 1k; }
  location /unlimited/ { proxy_pass http://${upstream}; client_max_body_size 0; }
  location /unb10/ { proxy_pass http://${upstream}; proxy_request_buffering off; }
  location /unb11/ { proxy_pass http://${upstream}; proxy_request_buffering off; proxy_http_version 1.1; }
  location /unb11big/ { proxy_pass http://${upstream}; proxy_request_buffering off; proxy_http_version 1.1; client_max_body_size 1m; }
  location /on11/ { proxy_pass http://${upstream}; proxy_request_buffering on; proxy_http_version 1.1; }
}`;

let log: RecordingLog;
let upstream: string;
let serial = 0;
const target = (prefix: string) => `${prefix}case-${++serial}`;

/** What the upstream saw of one request, comparable between the two proxies. */
interface UpstreamSaw {
  method: string;
  framing: string;
  state: string;
  body: string;
}

interface Seen {
  status: number | null;
  upstream: UpstreamSaw[];
}

function framing(headers: Record<string, unknown>): string {
  if (headers['transfer-encoding'] !== undefined) return `transfer-encoding: ${String(headers['transfer-encoding'])}`;
  if (headers['content-length'] !== undefined) return `content-length: ${String(headers['content-length'])}`;
  return 'none';
}

/** The upstream's records for `url`, once none is still arriving (a late one gets 150 ms to show up). */
async function upstreamFor(url: string): Promise<UpstreamSaw[]> {
  await new Promise((r) => setTimeout(r, 150));
  await waitFor(`the upstream to finish with ${url}`, async () => log.forUrl(url).every((r) => r.state !== 'receiving'), 10000);
  // A long body is compared by its length and ends, not printed whole.
  const short = (body: string) => (body.length > 200 ? `${body.length} bytes: ${body.slice(0, 20)}…${body.slice(-20)}` : body);
  return log.forUrl(url).map((r) => ({ method: r.method, framing: framing(r.headers), state: r.state, body: short(r.body) }));
}

/** nginx's observation with Portico's documented framing in place of nginx's. */
function documented(seen: Seen, porticoFraming: string | undefined): Seen {
  if (porticoFraming === undefined) return seen;
  return { ...seen, upstream: seen.upstream.map((u) => ({ ...u, framing: porticoFraming })) };
}

interface H1Probe {
  desc: string;
  method?: string;
  prefix: string;
  /** Chunks of a chunked body; `delayMs` after the header block before they are written. */
  chunks?: string[];
  delayMs?: number;
  /** A body with Content-Length instead. */
  body?: string;
  expect: { status: number; framing?: string; upstream?: number };
  /** Portico's framing where docs/nginx-compatibility.md documents a difference. */
  porticoFraming?: string;
}

/** Writes a request with a chunked (or Content-Length) body, the body after `delayMs`; returns the status (0: none). */
function sendH1(port: number, url: string, p: H1Probe): Promise<number> {
  const head = [`${p.method ?? 'POST'} ${url} HTTP/1.1`, `Host: ${HOST}`, 'Connection: close'];
  let body = '';
  if (p.chunks) {
    head.push('Transfer-Encoding: chunked');
    body = p.chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('') + '0\r\n\r\n';
  } else if (p.body !== undefined) {
    head.push(`Content-Length: ${Buffer.byteLength(p.body)}`);
    body = p.body;
  }
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    const headBytes = `${head.join('\r\n')}\r\n\r\n`;
    if (p.delayMs) {
      socket.write(headBytes);
      setTimeout(() => socket.write(body), p.delayMs);
    } else {
      socket.write(headBytes + body);
    }
    setTimeout(() => socket.destroy(), 10000).unref();
  });
}

const x = (n: number, c = 'x') => c.repeat(n);

const h1Probes: H1Probe[] = [
  { desc: 'chunked POST, one chunk', prefix: '/', chunks: ['hello'], expect: { status: 200, framing: 'content-length: 5' } },
  { desc: 'chunked POST, several chunks', prefix: '/', chunks: ['ab', 'cde', 'f'], expect: { status: 200, framing: 'content-length: 6' } },
  { desc: 'chunked POST, empty body', prefix: '/', chunks: [], expect: { status: 200, framing: 'content-length: 0' } },
  { desc: 'chunked PUT', method: 'PUT', prefix: '/', chunks: ['put-body'], expect: { status: 200, framing: 'content-length: 8' } },
  { desc: 'chunked GET (a body on a GET is forwarded)', method: 'GET', prefix: '/', chunks: ['abc'], expect: { status: 200, framing: 'content-length: 3' } },
  { desc: 'chunked DELETE', method: 'DELETE', prefix: '/', chunks: ['gone'], expect: { status: 200, framing: 'content-length: 4' } },
  { desc: 'chunked, exactly the limit', prefix: '/', chunks: [x(60), x(40, 'y')], expect: { status: 200, framing: 'content-length: 100' } },
  { desc: 'chunked, crossing the limit in the second chunk', prefix: '/', chunks: [x(60), x(60, 'y')], expect: { status: 413, upstream: 0 } },
  { desc: 'chunked, one chunk over the limit', prefix: '/', chunks: [x(101)], expect: { status: 413, upstream: 0 } },
  { desc: 'chunked, crossing the limit by one byte in the last of many chunks', prefix: '/', chunks: [...Array.from({ length: 10 }, () => x(10)), 'z'], expect: { status: 413, upstream: 0 } },
  { desc: 'chunked, arriving after the header', prefix: '/', chunks: ['late', 'body'], delayMs: 80, expect: { status: 200, framing: 'content-length: 8' } },
  { desc: 'chunked over the limit, arriving after the header', prefix: '/', chunks: [x(50), x(51)], delayMs: 80, expect: { status: 413, upstream: 0 } },
  { desc: 'chunked, 200 KB through a temporary file', method: 'PUT', prefix: '/big/', chunks: [x(100000, 'a'), x(100000, 'b')], expect: { status: 200, framing: 'content-length: 200000' } },
  { desc: 'chunked, 200 KB arriving late through a temporary file', prefix: '/big/', chunks: [x(150000, 'c'), x(50000, 'd')], delayMs: 50, expect: { status: 200, framing: 'content-length: 200000' } },
  { desc: 'chunked, no limit', prefix: '/unlimited/', chunks: [x(3000)], expect: { status: 200, framing: 'content-length: 3000' } },
  { desc: 'POST without a body (documented: Content-Length: 0)', prefix: '/', expect: { status: 200, framing: 'none' }, porticoFraming: 'content-length: 0' },
  { desc: 'GET without a body', method: 'GET', prefix: '/', expect: { status: 200, framing: 'none' } },
  { desc: 'Content-Length body within the limit', prefix: '/', body: 'plain', expect: { status: 200, framing: 'content-length: 5' } },
  { desc: 'Content-Length body over the limit', prefix: '/', body: x(101), expect: { status: 413, upstream: 0 } },
  { desc: 'request buffering off, HTTP/1.0 upstream: chunked is still buffered', prefix: '/unb10/', chunks: ['a', 'b'], delayMs: 80, expect: { status: 200, framing: 'content-length: 2' } },
  { desc: 'request buffering off, HTTP/1.1: a whole body goes with its length', prefix: '/unb11/', chunks: ['whole', 'body'], expect: { status: 200, framing: 'content-length: 9' } },
  { desc: 'request buffering off, HTTP/1.1: an arriving body is streamed chunked', prefix: '/unb11/', chunks: ['stream', 'ed'], delayMs: 80, expect: { status: 200, framing: 'transfer-encoding: chunked' } },
  { desc: 'request buffering off, HTTP/1.1: a whole body over the limit', prefix: '/unb11/', chunks: [x(70), x(70)], expect: { status: 413, upstream: 0 } },
  { desc: 'request buffering off, HTTP/1.1: a streamed 200 KB body', prefix: '/unb11big/', chunks: [x(120000, 'e'), x(80000, 'f')], delayMs: 50, expect: { status: 200, framing: 'transfer-encoding: chunked' } },
  { desc: 'request buffering on with HTTP/1.1: an arriving body is buffered', prefix: '/on11/', chunks: ['buff', 'ered'], delayMs: 80, expect: { status: 200, framing: 'content-length: 8' } },
];

beforeAll(async () => {
  log = createRecordingLog();
  upstream = (await log.start('a')).address;
});
afterAll(async () => {
  await log?.close();
});

describe('conformance: HTTP/1.1 request bodies of unknown length', () => {
  let nginx: NginxUnderTest;
  let portico: PorticoUnderTest;
  beforeAll(async () => {
    const text = config(upstream, '80');
    nginx = await startNginx(text);
    portico = await startPortico();
    await portico.apply(text);
  });
  afterAll(async () => {
    await nginx?.stop();
    await portico?.stop();
  });

  it.each(h1Probes)('$desc', async (p) => {
    const observe = async (port: number): Promise<Seen> => {
      const url = target(p.prefix);
      const status = await sendH1(port, url, p);
      return { status, upstream: await upstreamFor(url) };
    };
    const fromNginx = await observe(nginx.port);
    expect(fromNginx.status, 'nginx: status').toBe(p.expect.status);
    if (p.expect.framing) expect(fromNginx.upstream[0]?.framing, 'nginx: upstream framing').toBe(p.expect.framing);
    if (p.expect.upstream !== undefined) expect(fromNginx.upstream, 'nginx: upstream requests').toHaveLength(p.expect.upstream);
    const fromPortico = await observe(portico.port);
    expect(fromPortico, 'Portico differs from nginx').toEqual(documented(fromNginx, p.porticoFraming));
  });
});

interface H2Probe {
  desc: string;
  method: string;
  prefix: string;
  /** null: END_STREAM on the HEADERS frame. */
  body: string | null;
  contentLength?: number;
  expect: { status: number; framing?: string; upstream?: number };
  /** Portico's framing where docs/nginx-compatibility.md documents a difference. */
  porticoFraming?: string;
}

const h2Probes: H2Probe[] = [
  { desc: 'POST without content-length', method: 'POST', prefix: '/', body: 'abc', expect: { status: 200, framing: 'content-length: 3' } },
  { desc: 'GET with a body, no content-length (forwarded)', method: 'GET', prefix: '/', body: 'get-body', expect: { status: 200, framing: 'content-length: 8' } },
  { desc: 'DELETE with a body, no content-length', method: 'DELETE', prefix: '/', body: 'del', expect: { status: 200, framing: 'content-length: 3' } },
  { desc: 'OPTIONS with a body, no content-length', method: 'OPTIONS', prefix: '/', body: 'opt', expect: { status: 200, framing: 'content-length: 3' } },
  { desc: 'GET without a body', method: 'GET', prefix: '/', body: null, expect: { status: 200, framing: 'none' } },
  { desc: 'GET with an empty DATA frame (documented: no Content-Length)', method: 'GET', prefix: '/', body: '', expect: { status: 200, framing: 'content-length: 0' }, porticoFraming: 'none' },
  { desc: 'POST with an empty DATA frame', method: 'POST', prefix: '/', body: '', expect: { status: 200, framing: 'content-length: 0' } },
  { desc: 'POST without a body (documented: Content-Length: 0)', method: 'POST', prefix: '/', body: null, expect: { status: 200, framing: 'none' }, porticoFraming: 'content-length: 0' },
  { desc: 'POST with content-length', method: 'POST', prefix: '/', body: 'sized', contentLength: 5, expect: { status: 200, framing: 'content-length: 5' } },
  { desc: 'POST without content-length, exactly the limit', method: 'POST', prefix: '/', body: x(100), expect: { status: 200, framing: 'content-length: 100' } },
  { desc: 'POST without content-length over the limit', method: 'POST', prefix: '/', body: x(101), expect: { status: 413, upstream: 0 } },
  { desc: 'GET with a body over the limit', method: 'GET', prefix: '/', body: x(500), expect: { status: 413, upstream: 0 } },
  { desc: 'POST with content-length over the limit', method: 'POST', prefix: '/', body: x(101), contentLength: 101, expect: { status: 413, upstream: 0 } },
  { desc: 'POST without content-length, 200 KB through a temporary file', method: 'POST', prefix: '/big/', body: x(200000, 'g'), expect: { status: 200, framing: 'content-length: 200000' } },
  { desc: 'request buffering off, HTTP/1.0 upstream: buffered', method: 'POST', prefix: '/unb10/', body: 'ten', expect: { status: 200, framing: 'content-length: 3' } },
  { desc: 'request buffering off, HTTP/1.1: streamed chunked', method: 'POST', prefix: '/unb11/', body: 'eleven', expect: { status: 200, framing: 'transfer-encoding: chunked' } },
  { desc: 'request buffering off, HTTP/1.1, GET with a body: streamed chunked', method: 'GET', prefix: '/unb11/', body: 'g11', expect: { status: 200, framing: 'transfer-encoding: chunked' } },
  { desc: 'request buffering off, HTTP/1.1, DELETE without a body', method: 'DELETE', prefix: '/unb11/', body: null, expect: { status: 200, framing: 'none' } },
];

function h2Send(session: http2.ClientHttp2Session, url: string, p: H2Probe): Promise<number> {
  const headers: http2.OutgoingHttpHeaders = { ':method': p.method, ':path': url, ':authority': HOST };
  if (p.contentLength !== undefined) headers['content-length'] = String(p.contentLength);
  return new Promise((resolve) => {
    const stream = session.request(headers, { endStream: p.body === null });
    let status = 0;
    stream.on('response', (h) => (status = Number(h[':status'])));
    stream.on('data', () => {});
    stream.on('error', () => {});
    stream.on('close', () => resolve(status));
    if (p.body !== null) stream.end(p.body);
  });
}

describe('conformance: HTTP/2 request bodies without content-length (nginx h2c, Portico h2)', () => {
  let nginx: NginxUnderTest;
  let t: TlsEngine;
  beforeAll(async () => {
    nginx = await startNginx(config(upstream, '80 http2'));
    t = await startTlsEngine();
    await t.addCertificate([HOST]);
    // The same text, imported, on Portico's HTTPS entrypoint.
    const plan = importNginx(config(upstream, '80'));
    expect(plan.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
    await t.setHosts(plan.hosts.map((h) => ({ ...h, entrypoints: ['https'] })));
  });
  afterAll(async () => {
    await nginx?.stop();
    await t?.stop();
  });

  it.each(h2Probes)('$desc', async (p) => {
    const observe = async (session: http2.ClientHttp2Session): Promise<Seen> => {
      session.on('error', () => {});
      try {
        const url = target(p.prefix);
        const status = await h2Send(session, url, p);
        return { status, upstream: await upstreamFor(url) };
      } finally {
        session.close();
      }
    };
    const fromNginx = await observe(http2.connect(`http://127.0.0.1:${nginx.port}`));
    expect(fromNginx.status, 'nginx: status').toBe(p.expect.status);
    if (p.expect.framing) expect(fromNginx.upstream[0]?.framing, 'nginx: upstream framing').toBe(p.expect.framing);
    if (p.expect.upstream !== undefined) expect(fromNginx.upstream, 'nginx: upstream requests').toHaveLength(p.expect.upstream);
    const fromPortico = await observe(http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: HOST, ca: t.ca.certPem }));
    expect(fromPortico, 'Portico differs from nginx').toEqual(documented(fromNginx, p.porticoFraming));
  });
});
