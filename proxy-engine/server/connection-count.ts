// How many client connections the entrypoints hold open now: what GET /status reports
// per worker. Counted where connections are accepted (the listening servers), so a
// connection handed on to the HTTP or TLS server is still counted once.
import type net from 'node:net';

export function countConnections(...servers: net.Server[]): () => number {
  let open = 0;
  for (const server of servers) {
    server.on('connection', (socket: net.Socket) => {
      open++;
      socket.once('close', () => open--);
    });
  }
  return () => open;
}
