// Upstream answers whose framing has two readings (Transfer-Encoding other than exactly
// "chunked", repeated or conflicting Content-Length, both headers) are a response-desync
// risk on keep-alive upstream connections: Portico answers 502 before relaying a byte,
// closes that connection instead of reusing it, counts it as proxy_next_upstream's
// invalid_header (retried when listed), and treats a refused WebSocket upgrade the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCannedUpstream, type CannedUpstream } from '../helpers/canned-upstream.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { waitFor } from '../helpers/ports.ts';

const HOST = 'framing.test';
const chunkedOk = '2\r\nok\r\n0\r\n\r\n';
/** Each answer keeps the connection open: only Portico can close it. */
const misframed: Record<string, string> = {
  'te-chunked-chunked': `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n${chunkedOk}`,
  'te-two-lines': `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n${chunkedOk}`,
  'te-identity-chunked': `HTTP/1.1 200 OK\r\nTransfer-Encoding: identity, chunked\r\n\r\n${chunkedOk}`,
  'te-gzip-chunked': `HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n${chunkedOk}`,
  'te-chunked-ext': `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;x=1\r\n\r\n${chunkedOk}`,
  'te-304': 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked, chunked\r\n\r\n',
  'te-204': 'HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n',
  'te-head-of-error': `HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: Chunked, chunked\r\n\r\n${chunkedOk}`,
};

let engine: TestEngine;
let canned: CannedUpstream;
let healthy: EchoUpstream;

beforeAll(async () => {
  canned = await startCannedUpstream({
    ...misframed,
    // A refused WebSocket upgrade with the same fault.
    'ws-refused': `HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked, chunked\r\n\r\n${chunkedOk}`,
    sound: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunkedOk}`,
  });
  healthy = await startEchoUpstream();
  engine = await startTestEngine();
  await engine.configure({
    pools: [{ name: 'misframed-first', servers: [{ address: canned.address, maxFails: 0 }, { address: healthy.address, backup: true }] }],
    hosts: [
      {
        serverNames: [HOST],
        locations: [
          { path: '/', action: { kind: 'proxy', address: canned.address } },
          { path: '/retry/', action: { kind: 'proxy', poolId: 'misframed-first' }, policies: { retry: { on: ['error', 'timeout', 'invalid_header'] } } },
          { path: '/ws/', action: { kind: 'proxy', address: canned.address }, policies: { websocket: { enabled: true } } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  await canned?.close();
  await healthy?.close();
});

const get = (target: string, extra = '') => rawExchange(engine.port, `GET ${target} HTTP/1.1\r\nHost: ${HOST}\r\n${extra}Connection: close\r\n\r\n`);
const statusOf = (response: string) => response.split('\r\n')[0];

describe('mis-framed upstream answers', () => {
  it.each(Object.keys(misframed))('%s → 502, and the upstream connection is closed, never reused', async (name) => {
    const target = `/${name}?n=${Math.random()}`;
    expect(statusOf(await get(target))).toBe('HTTP/1.1 502 Bad Gateway');
    await waitFor(`the upstream connection that answered ${target} to close`, async () => canned.closedAfter(target));
  });

  it('(control) a sound chunked answer passes and its connection stays in the keep-alive pool', async () => {
    const first = await get('/sound?n=1');
    expect(statusOf(first)).toBe('HTTP/1.1 200 OK');
    expect(first.slice(first.indexOf('\r\n\r\n') + 4)).toBe(chunkedOk);
    await get('/sound?n=2');
    const [a, b] = canned.requests.filter((r) => r.target.startsWith('/sound'));
    expect(b!.connection).toBe(a!.connection);
  });

  it('is retried on the next server under proxy_next_upstream invalid_header', async () => {
    const response = await get('/retry/te-chunked-chunked');
    expect(statusOf(response)).toBe('HTTP/1.1 200 OK');
    expect(response).toContain('"upstream":"echo"');
  });

  it('a refused WebSocket upgrade with such framing is 502, not relayed', async () => {
    const handshake = 'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    const response = await rawExchange(engine.port, `GET /ws/ws-refused HTTP/1.1\r\nHost: ${HOST}\r\nConnection: Upgrade\r\n${handshake}\r\n`);
    expect(statusOf(response)).toBe('HTTP/1.1 502 Bad Gateway');
  });
});
