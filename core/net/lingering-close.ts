// nginx's lingering close, for Node's HTTP servers. An answer given before the request body
// has arrived (a 413, a 401) goes out with "Connection: close", and Node then closes the
// socket as soon as the answer is written. With the client's unread body still in the
// kernel's buffer, that close sends a reset at once, and the reset can overtake the answer:
// the client reports "connection reset" instead of the 413. Here the socket half-closes
// instead (the answer, then FIN), reads nothing more, and is closed when the client closes
// or after a grace period, time enough for the client to read the answer.
import type http from 'node:http';
import type net from 'node:net';

export const LINGER_MS = 1000;

function lingeringClose(this: net.Socket): void {
  if (this.writable) this.end();
  this.pause();
  // Node resumes the socket right after (it "dumps" the unread body of the request it just
  // answered, which reads the socket again): lingering reads nothing more, or a client that
  // keeps sending gets ≈ 60 MB in during the grace period instead of the kernel's buffers.
  this.resume = stayPaused;
  const timer = setTimeout(() => this.destroy(), LINGER_MS);
  timer.unref();
  this.once('close', () => clearTimeout(timer));
}

function stayPaused(this: net.Socket): net.Socket {
  return this;
}

/** Node's HTTP server closes a "Connection: close" socket with destroySoon(): linger there. */
export function lingerOnClose(server: http.Server): void {
  server.on('connection', (socket: net.Socket) => {
    socket.destroySoon = lingeringClose;
  });
}
