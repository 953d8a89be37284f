// Malformed and smuggling requests, sent as raw bytes: each gets the expected status, the
// upstream never sees a request it could interpret differently, and the engine survives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';

let engine: TestEngine;
let upstream: EchoUpstream;

beforeAll(async () => {
  upstream = await startEchoUpstream();
  engine = await startTestEngine();
  await engine.configure({
    hosts: [
      { serverNames: ['a.test'], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }, { path: '/admin/', action: { kind: 'return', status: 403 } }] },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

const H = 'Host: a.test\r\n';
const corpus: { desc: string; request: string; status: number; close?: boolean }[] = [
  { desc: 'CL.TE: Content-Length and Transfer-Encoding', request: `POST / HTTP/1.1\r\n${H}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG`, status: 400, close: true },
  { desc: 'TE.CL: Transfer-Encoding before Content-Length', request: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n`, status: 400, close: true },
  { desc: 'TE.TE: two Transfer-Encoding headers', request: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n`, status: 400, close: true },
  { desc: 'obfuscated Transfer-Encoding', request: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n`, status: 400, close: true },
  { desc: 'chunked not last', request: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`, status: 400, close: true },
  { desc: 'double Content-Length', request: `POST / HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab`, status: 400, close: true },
  { desc: 'repeated equal Content-Length', request: `POST / HTTP/1.1\r\n${H}Content-Length: 1\r\nContent-Length: 1\r\n\r\na`, status: 400, close: true },
  { desc: 'negative Content-Length', request: `POST / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`, status: 400, close: true },
  { desc: 'obs-fold header continuation', request: `GET / HTTP/1.1\r\n${H}X-A: b\r\n c\r\n\r\n`, status: 400, close: true },
  { desc: 'bare LF line endings', request: 'GET / HTTP/1.1\nHost: a.test\n\n', status: 400, close: true },
  { desc: 'invalid chunk size', request: `POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n`, status: 400, close: true },
  { desc: 'NUL in a header value', request: `GET / HTTP/1.1\r\n${H}X-A: a\0b\r\n\r\n`, status: 400, close: true },
  { desc: 'space before the header colon', request: `GET / HTTP/1.1\r\n${H}X-A : b\r\n\r\n`, status: 400, close: true },
  { desc: 'oversized headers (nginx: 400 Request Header Or Cookie Too Large)', request: `GET / HTTP/1.1\r\n${H}X-A: ${'a'.repeat(40000)}\r\n\r\n`, status: 400, close: true },
  { desc: 'space inside the target', request: `GET /a b HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'missing Host on HTTP/1.1', request: 'GET / HTTP/1.1\r\n\r\n', status: 400, close: true },
  { desc: 'duplicate Host', request: `GET / HTTP/1.1\r\n${H}Host: b.test\r\n\r\n`, status: 400, close: true },
  { desc: 'invalid Host syntax', request: 'GET / HTTP/1.1\r\nHost: a.test/x\r\n\r\n', status: 400, close: true },
  { desc: 'invalid method token', request: `G@T / HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'HTTP/2.0 in an HTTP/1 request line', request: `GET / HTTP/2.0\r\n${H}\r\n`, status: 505, close: true },
  { desc: 'TRACE refused', request: `TRACE / HTTP/1.1\r\n${H}\r\n`, status: 405 },
  { desc: 'CONNECT refused', request: `CONNECT a.test:443 HTTP/1.1\r\n${H}\r\n`, status: 405, close: true },
  { desc: 'dot-dot above the root', request: `GET /../../etc/passwd HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'encoded dot-dot above the root', request: `GET /a/%2e%2e/%2e%2e/x HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'encoded NUL', request: `GET /a%00 HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'malformed escape', request: `GET /a%zz HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'encoded traversal into another location', request: `GET /x/%2e%2e/admin/ HTTP/1.1\r\n${H}\r\n`, status: 403 },
  { desc: 'encoded slash into another location', request: `GET /admin%2Fx HTTP/1.1\r\n${H}\r\n`, status: 403 },
  { desc: 'dot-dot and encoded slash into another location', request: `GET /x/..%2Fadmin/ HTTP/1.1\r\n${H}\r\n`, status: 403 },
  { desc: 'encoded dot-dot and slash above the root', request: `GET /x/%2e%2e%2f%2e%2e%2fadmin/ HTTP/1.1\r\n${H}\r\n`, status: 400, close: true },
  { desc: 'HTTP/1.0 with chunked body: answered, then closed', request: `POST / HTTP/1.0\r\n${H}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, status: 200, close: true },
];

describe('request corpus', () => {
  it.each(corpus)('$desc → $status', async ({ request, status, close }) => {
    const before = upstream.seen.length;
    const response = await rawExchange(engine.port, request);
    expect(response.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.[01] ${status} `));
    if (close) expect(response).toMatch(/\r\nConnection: close\r\n/i);
    if (status >= 400) expect(upstream.seen.length).toBe(before);
  });

  it('routes an encoded dot-dot by its resolved path everywhere', async () => {
    // "/a/%2e%2e/admin/" is "/admin/": the 403 location answers, not the proxy at "/".
    const response = await rawExchange(engine.port, `GET /a/%2e%2e/admin/ HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden');
  });

  it('routes by the resolved path and forwards the target as sent (proxy_pass without a URI part, as nginx)', async () => {
    const response = await rawExchange(engine.port, `GET /x/./y/../z%41?q=%2e%2e HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(upstream.seen.at(-1)!.url).toBe('/x/./y/../z%41?q=%2e%2e');
  });

  it('refuses a path whose dot segments resolve differently before and after decoding %2F', async () => {
    // "/x%2Fy/../admin/" is "/x/admin/" decoded first and "/admin/" resolved first.
    const before = upstream.seen.length;
    const response = await rawExchange(engine.port, `GET /x%2Fy/../admin/ HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(upstream.seen.length).toBe(before);
  });

  it('still serves after the whole corpus', async () => {
    const response = await rawExchange(engine.port, `GET /ok HTTP/1.1\r\n${H}Connection: close\r\n\r\n`);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
  });
});
