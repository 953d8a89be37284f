import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { parseClientHello } from './client-hello.ts';

/** The bytes Node's TLS client sends first (its ClientHello), captured by a plain TCP server. */
async function clientHello(options: tls.ConnectionOptions): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const captured = new Promise<Buffer>((resolve) => server.once('connection', (socket) => socket.once('data', (data: Buffer) => (resolve(data), socket.destroy()))));
  const client = tls.connect({ port: (server.address() as net.AddressInfo).port, host: '127.0.0.1', ...options });
  client.on('error', () => {});
  const bytes = await captured;
  client.destroy();
  server.close();
  return bytes;
}

describe('parseClientHello', () => {
  it.each([
    { desc: 'a host name', options: { servername: 'db.example.com' }, expected: { kind: 'hello', serverName: 'db.example.com' } },
    { desc: 'upper case is lowered', options: { servername: 'DB.Example.COM' }, expected: { kind: 'hello', serverName: 'db.example.com' } },
    { desc: 'no SNI (an IP address)', options: { servername: '' }, expected: { kind: 'hello', serverName: null } },
  ])('reads $desc', async ({ options, expected }) => {
    expect(parseClientHello(await clientHello(options))).toEqual(expected);
  });

  it('waits for the rest of a ClientHello split anywhere', async () => {
    const hello = await clientHello({ servername: 'split.test' });
    for (const cut of [1, 3, 5, 6, 9, 40, hello.length - 1]) expect(parseClientHello(hello.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    expect(parseClientHello(hello)).toEqual({ kind: 'hello', serverName: 'split.test' });
  });

  it.each([
    { desc: 'HTTP text', bytes: Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\n') },
    { desc: 'an SSH banner', bytes: Buffer.from('SSH-2.0-OpenSSH_9.2\r\n') },
    { desc: 'a TLS alert record', bytes: Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]) },
    { desc: 'a handshake that is not a ClientHello', bytes: Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00]) },
  ])('says "not TLS" for $desc', ({ bytes }) => {
    expect(parseClientHello(bytes)).toEqual({ kind: 'not-tls' });
  });

  it('never throws on truncated or corrupted hellos', async () => {
    const hello = await clientHello({ servername: 'fuzz.test' });
    for (let i = 5; i < hello.length; i += 7) {
      const broken = Buffer.from(hello);
      broken[i] = broken[i]! ^ 0xff;
      expect(() => parseClientHello(broken)).not.toThrow();
    }
  });
});
