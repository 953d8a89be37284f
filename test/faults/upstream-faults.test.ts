// Upstream faults: refused, reset mid-response, hung, garbage, oversized headers. Each
// gets nginx's status (502/504), a retry where allowed, no crash and no leak.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { rawExchange, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

let engine: TestEngine;
let healthy: EchoUpstream;
const raw: net.Server[] = [];

/** A TCP server that answers every connection with `behaviour`. */
async function rawUpstream(behaviour: (socket: net.Socket) => void): Promise<string> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => behaviour(socket));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  raw.push(server);
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return `127.0.0.1:${port}`;
}

beforeAll(async () => {
  healthy = await startEchoUpstream();
  const refused = await closedPort();
  const reset = await rawUpstream((s) => {
    s.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial');
    setTimeout(() => s.resetAndDestroy(), 50);
  });
  const hang = await rawUpstream(() => {});
  const garbage = await rawUpstream((s) => s.end('THIS IS NOT HTTP\r\n\r\n'));
  const hugeHeaders = await rawUpstream((s) => s.end(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(100_000)}\r\nContent-Length: 0\r\n\r\n`));
  const closeBeforeAnswer = await rawUpstream((s) => s.destroy());
  engine = await startTestEngine();
  const proxy = (path: string, address: string, policies = {}) => ({ path, action: { kind: 'proxy', address }, policies });
  await engine.configure({
    // max_fails=0: the closing server is never taken out, so every round robin turn reaches it.
    pools: [{ name: 'retrying', servers: [{ address: closeBeforeAnswer, maxFails: 0 }, { address: healthy.address, maxFails: 0 }] }],
    hosts: [
      {
        serverNames: ['faults.test'],
        locations: [
          proxy('/refused', refused),
          proxy('/reset', reset),
          proxy('/hang', hang, { timeouts: { connectMs: 1000, sendMs: 1000, readMs: 300 } }),
          proxy('/garbage', garbage),
          proxy('/huge', hugeHeaders),
          { path: '/retry', action: { kind: 'proxy', poolId: 'retrying' } },
          { path: '/retry-post', action: { kind: 'proxy', poolId: 'retrying' } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  await healthy?.close();
  for (const s of raw) s.close();
});

const get = (path: string, method = 'GET') => request(engine.port, path, { method, headers: { host: 'faults.test' }, timeoutMs: 5000 });

describe('upstream faults', () => {
  it('answers 502 when the upstream refuses the connection', async () => {
    expect((await get('/refused')).status).toBe(502);
  });

  it('answers 504 when the upstream does not answer within the read timeout', async () => {
    const t0 = Date.now();
    expect((await get('/hang')).status).toBe(504);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('passes an answer that is not HTTP on as nginx does (HTTP/0.9: the bytes as received, then the connection closes)', async () => {
    // No Connection: close from the client: the proxy ends the connection itself.
    const response = await rawExchange(engine.port, 'GET /garbage HTTP/1.1\r\nHost: faults.test\r\n\r\n', 3000);
    expect(response).toBe('THIS IS NOT HTTP\r\n\r\n');
  });

  it('answers 502 to oversized upstream headers', async () => {
    expect((await get('/huge')).status).toBe(502);
  });

  it('cuts the client response when the upstream resets mid-body (never a silent truncation)', async () => {
    const response = await rawExchange(engine.port, 'GET /reset HTTP/1.1\r\nHost: faults.test\r\nConnection: close\r\n\r\n', 3000);
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    const body = response.slice(response.indexOf('\r\n\r\n') + 4);
    expect(body.length).toBeLessThan(100_000);
  });

  it('retries an idempotent request on the next server when one closes the connection', async () => {
    for (let i = 0; i < 4; i++) expect((await get('/retry')).status).toBe(200);
  });

  it('does not retry a POST that may have reached the upstream', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 4; i++) statuses.add((await get('/retry-post', 'POST')).status);
    expect(statuses.has(502)).toBe(true);
  });

  it('keeps serving after every fault, with no connection leak to the healthy upstream', async () => {
    expect((await request(engine.port, '/retry', { headers: { host: 'faults.test' } })).status).toBe(200);
    const sockets = await new Promise<number>((resolve) => healthy.server.getConnections((_e, n) => resolve(n)));
    expect(sockets).toBeLessThanOrEqual(32);
  });
});
