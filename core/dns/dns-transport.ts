// Sends one DNS message over TCP (RFC 1035 §4.2.2: a two-byte length, then the message)
// and returns the answer. TCP, not UDP: an UPDATE is never silently lost or truncated,
// and a refused connection is reported as such. The server is the user's: it goes through
// the SSRF guard (core/net/) like every other outgoing connection.
import net from 'node:net';
import { guardedLookup, refusedHostError, refusedPeer, RefusedAddressError } from '../net/guarded-connect.ts';

export function splitHostPort(server: string, defaultPort = 53): { host: string; port: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : defaultPort };
  const i = server.lastIndexOf(':');
  if (i > 0 && server.indexOf(':') === i) return { host: server.slice(0, i), port: Number(server.slice(i + 1)) };
  return { host: server, port: defaultPort };
}

export function exchangeTcp(server: string, message: Buffer, timeoutMs = 10_000): Promise<Buffer> {
  const { host, port } = splitHostPort(server);
  const refused = refusedHostError(host);
  if (refused) return Promise.reject(refused);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, lookup: guardedLookup });
    const chunks: Buffer[] = [];
    let received = 0;
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${server} did not answer within ${timeoutMs / 1000} s`)));
    socket.on('connect', () => {
      const why = refusedPeer(socket);
      if (why) return socket.destroy(new RefusedAddressError(why));
      const length = Buffer.alloc(2);
      length.writeUInt16BE(message.length);
      socket.write(Buffer.concat([length, message]));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      const all = Buffer.concat(chunks);
      if (received >= 2 && received >= 2 + all.readUInt16BE(0)) {
        socket.end();
        resolve(all.subarray(2, 2 + all.readUInt16BE(0)));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'ECONNREFUSED' ? `${server} refused the connection (is the DNS server listening on TCP there?)` : error.message)));
    socket.on('close', () => reject(new Error(`${server} closed the connection without an answer`)));
  });
}
