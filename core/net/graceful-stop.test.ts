import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulStopper } from './graceful-stop.ts';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

async function serve(handler: http.RequestListener, graceMs: number) {
  const server = http.createServer(handler);
  servers.push(server);
  const stopper = gracefulStopper(server, { graceMs, isStream: (req) => req.url === '/stream' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, stopper };
}

/** Sends raw bytes; resolves with everything the server wrote once it closes the connection. */
function raw(port: number, text: string): { sent: Promise<void>; received: Promise<string> } {
  const socket = net.connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (chunk) => (data += chunk));
  const sent = new Promise<void>((r) => socket.once('connect', () => socket.write(text, () => r())));
  const received = new Promise<string>((r) => socket.once('close', () => r(data)));
  socket.on('error', () => undefined);
  return { sent, received };
}

describe('gracefulStopper', () => {
  it('lets an answer under way finish, and closes idle keep-alive connections at once', async () => {
    const { port, stopper } = await serve((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow done'), 300);
      else res.end('quick');
    }, 60_000);
    const idle = raw(port, 'GET /quick HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    const slow = raw(port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await slow.sent;
    await new Promise((r) => setTimeout(r, 50));
    // Well before the 60 s grace (the test's own timeout is 10 s).
    await stopper.stop();
    expect(await slow.received).toContain('slow done');
    expect(await idle.received).toContain('quick');
  }, 10_000);

  it('cuts streams at once and a half-sent request after the grace period', async () => {
    const { port, stopper } = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
    }, 400);
    const stream = raw(port, 'GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
    const half = raw(port, 'GET /other HTTP/1.1\r\nHost: x\r\n');
    await Promise.all([stream.sent, half.sent]);
    await new Promise((r) => setTimeout(r, 100));
    let streamClosedBeforeStop = false;
    const streamClosed = stream.received.then((text) => {
      streamClosedBeforeStop = !halfDone;
      return text;
    });
    let halfDone = false;
    const halfClosed = half.received.then((text) => {
      halfDone = true;
      return text;
    });
    await stopper.stop();
    expect(await streamClosed).toContain('data: 1');
    expect(streamClosedBeforeStop).toBe(true);
    expect(await halfClosed).toBe('');
  });
});
