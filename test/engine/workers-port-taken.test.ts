// A port another process already listens on stops the engine's start, with workers as
// without: the workers bind with SO_REUSEPORT, which Linux lets a second process of the
// same user share, so without the check a second Portico on a taken port started quietly
// and the kernel split the clients between the two configurations (a new user's first
// hour: 1 request in 4 answered 404 by the empty second instance).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { request } from '../helpers/http-client.ts';

let holder: net.Server | null = null;
const held = new Set<net.Socket>();
let engine: TestEngine | null = null;

afterEach(async () => {
  await engine?.stop();
  engine = null;
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  holder = null;
});

/** A listener on an ephemeral port of every address, bound the way another engine's worker binds its port. */
async function holdPort(): Promise<number> {
  holder = net.createServer((socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    socket.end('HTTP/1.1 200 OK\r\ncontent-length: 5\r\nconnection: close\r\n\r\nother');
  });
  await new Promise<void>((resolve) => holder!.listen({ port: 0, host: '0.0.0.0', reusePort: true }, resolve));
  return (holder.address() as net.AddressInfo).port;
}

describe('an entrypoint port that is already taken', () => {
  for (const workers of ['2', '1']) {
    it(`refuses to start with ${workers} worker(s), naming the port and its variable`, async () => {
      const port = await holdPort();
      await expect(startTestEngine({ PORTICO_WORKERS: workers, PORTICO_HTTP_PORT: String(port) })).rejects.toThrow(workers === '2' ? new RegExp(`port ${port} \\(PORTICO_HTTP_PORT\\).*already in use`) : /EADDRINUSE/);
      // The process holding the port still gets every connection.
      expect((await request(port, '/', { headers: { host: 'any.test' } })).body).toBe('other');
    }, 120_000);
  }

  it('refuses a taken HTTPS port too', async () => {
    const port = await holdPort();
    await expect(startTestEngine({ PORTICO_WORKERS: '2', PORTICO_HTTPS_PORT: String(port) })).rejects.toThrow(new RegExp(`port ${port} \\(PORTICO_HTTPS_PORT\\).*already in use`));
  }, 120_000);

  it('starts on the same port once it is free, every worker sharing it', async () => {
    const port = await holdPort();
    await new Promise<void>((resolve) => holder!.close(() => resolve()));
    holder = null;
    engine = await startTestEngine({ PORTICO_WORKERS: '2', PORTICO_HTTP_PORT: String(port) });
    expect(engine.port).toBe(port);
    await engine.configure({ hosts: [{ serverNames: ['free.test'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'portico' } }] }] });
    for (let i = 0; i < 8; i++) expect((await request(port, '/', { headers: { host: 'free.test' } })).body).toBe('portico');
  }, 120_000);
});
