// Reads the start of a connection until the ClientHello is whole (nginx's ssl_preread
// phase), keeping every byte so the connection can be handed on untouched: to an
// upstream (passthrough) or back to Portico's own TLS server (unshifted).
import type net from 'node:net';
import { parseClientHello } from './client-hello.ts';

export interface Preread {
  /** The SNI name, or null (no SNI, not TLS, or the client went quiet). */
  serverName: string | null;
  /** Everything read so far. */
  head: Buffer;
  /** The client closed or the timeout passed before a ClientHello came. */
  gaveUp: boolean;
}

export function prereadClientHello(socket: net.Socket, timeoutMs: number): Promise<Preread> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (serverName: string | null, gaveUp: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      resolve({ serverName, head: Buffer.concat(chunks), gaveUp });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const hello = parseClientHello(Buffer.concat(chunks));
      if (hello.kind === 'hello') finish(hello.serverName, false);
      else if (hello.kind === 'not-tls') finish(null, false);
    };
    const onClose = () => finish(null, true);
    const timer = setTimeout(() => finish(null, true), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.resume();
  });
}
