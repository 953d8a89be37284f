// Who a request's upstream connection belongs to when a pool sends the PROXY protocol:
// the client connection it came on (the HTTP/2 session, or the HTTP/1 socket), the client
// address (after real-IP processing, as nginx's $remote_addr) and the address it reached.
import type { Http2ServerRequest } from 'node:http2';
import type { RequestContext } from '../runtime/types.ts';
import type { ConnectionOwner } from '../upstream/private-clients.ts';

const unmapped = (address: string | undefined) => (address ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

export function connectionOwner(ctx: RequestContext): ConnectionOwner {
  const session = (ctx.req as unknown as Partial<Http2ServerRequest>).stream?.session;
  const socket = ctx.req.socket;
  return {
    connection: session ?? socket,
    client: { address: ctx.remoteAddr, port: ctx.peerPort },
    server: { address: unmapped(socket.localAddress), port: socket.localPort ?? ctx.serverPort },
  };
}
