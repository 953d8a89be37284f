// Per-address limits apply to slow connections only: a busy address of healthy clients
// (a NAT, a CDN) is never refused however many connections it opens, while a slowloris
// from one address keeps at most LISTENER_LIMITS.slowConnections.perAddress stalled
// connections (its oldest are closed), and a healthy client from that same address is
// still served. (The cap this replaced refused every connection past 512 per address.)
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTENER_LIMITS } from '../../proxy-engine/server/http-listener.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';
import { waitFor } from '../helpers/ports.ts';

const HOST = 'busy.test';
const LIMIT = LISTENER_LIMITS.slowConnections.perAddress;
let engine: TestEngine;
let upstream: EchoUpstream;
const attackers: net.Socket[] = [];

beforeAll(async () => {
  upstream = await startEchoUpstream((req, res) => {
    // Held long enough for every client of the burst to have its connection open at once.
    if (!req.url?.startsWith('/held')) return false;
    setTimeout(() => res.end('held'), 1500);
    return true;
  });
  engine = await startTestEngine();
  await engine.configure({ hosts: [{ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'proxy', address: upstream.address } }] }] });
});
afterAll(async () => {
  for (const socket of attackers) socket.destroy();
  await engine?.stop();
  await upstream?.close();
});

/** Opens connections from `localAddress` (writing `first`); each records whether the server closed it. */
async function openConnections(localAddress: string, count: number, first = '') {
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket & { closedByServer?: boolean }>((resolve, reject) => {
          const socket: net.Socket & { closedByServer?: boolean } = net.connect({ port: engine.port, host: '127.0.0.1', localAddress }, () => {
            if (first) socket.write(first);
            resolve(socket);
          });
          // The test never closes these before afterAll: a close is the server's.
          socket.once('close', () => (socket.closedByServer = true));
          socket.once('error', reject);
          socket.on('error', () => {});
        }),
    ),
  );
  attackers.push(...sockets);
  return sockets;
}

describe('per-address limits on slow connections', () => {
  it('serves 600 concurrent keep-alive clients from one address (past the old 512 cap)', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 600 });
    const results = await Promise.allSettled(
      Array.from({ length: 600 }, (_, i) => request(engine.port, `/held/${i}`, { headers: { host: HOST }, agent, localAddress: '127.0.0.3', timeoutMs: 20000 })),
    );
    agent.destroy();
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : r.value.status === 200 ? [] : [`status ${r.value.status}`]));
    expect(failed).toEqual([]);
  }, 60_000);

  it('keeps a slowloris to its limit of stalled connections and serves a healthy client from the same address', async () => {
    const address = '127.0.0.4';
    // 600 connections that send part of a request header and then nothing.
    const stalled = await openConnections(address, 600, `GET / HTTP/1.1\r\nHost: ${HOST}\r\n`);
    await waitFor('the oldest stalled connections to be closed', async () => stalled.filter((s) => s.closedByServer).length >= 600 - LIMIT, 20_000);
    const response = await request(engine.port, '/healthy', { headers: { host: HOST }, localAddress: address, timeoutMs: 10000 });
    expect(response.status).toBe(200);
    expect(stalled.filter((s) => !s.closedByServer).length).toBeLessThanOrEqual(LIMIT);
  }, 60_000);

  it('connections that never send a byte count too', async () => {
    const silent = await openConnections('127.0.0.5', LIMIT + 50);
    await waitFor('the oldest silent connections to be closed', async () => silent.filter((s) => s.closedByServer).length >= 50, 20_000);
    expect((await request(engine.port, '/after-silence', { headers: { host: HOST }, localAddress: '127.0.0.5' })).status).toBe(200);
  }, 60_000);

  it('request bodies trickling in count too, once they have trickled for the configured checks', async () => {
    const head = `POST /upload HTTP/1.1\r\nHost: ${HOST}\r\nContent-Length: 100000\r\n\r\n`;
    const trickling = await openConnections('127.0.0.6', LIMIT + 10, head);
    const timer = setInterval(() => {
      for (const socket of trickling) if (!socket.destroyed) socket.write('x');
    }, 1000);
    try {
      await waitFor('the trickling bodies past the limit to be closed', async () => trickling.filter((s) => s.closedByServer).length >= 10, 40_000);
      expect(trickling.filter((s) => !s.closedByServer).length).toBeLessThanOrEqual(LIMIT);
      const upload = await request(engine.port, '/upload-ok', { method: 'POST', headers: { host: HOST }, body: 'y'.repeat(5000), localAddress: '127.0.0.6' });
      expect(upload.status).toBe(200);
    } finally {
      clearInterval(timer);
    }
  }, 90_000);
});
