// The dashboard's HTTP server: Next.js in production mode behind a thin node:http layer
// that records the client address from the socket (route handlers cannot see it), so
// throttling and the audit log use an address the client cannot choose.
import http from 'node:http';
import next from 'next';
import { ROOT } from './lib/paths.ts';

export const CLIENT_IP_HEADER = 'x-portico-client-ip';

function clientAddress(req: http.IncomingMessage): string {
  const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const loopback = peer === '127.0.0.1' || peer === '::1';
  const forwarded = req.headers['x-forwarded-for'];
  // A reverse proxy on this machine (Portico itself, say) may tell who the client is.
  if (loopback && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',').pop()!.trim();
  return peer;
}

const port = Number(process.env.PORTICO_DASHBOARD_PORT ?? 3000);
const host = process.env.PORTICO_DASHBOARD_HOST ?? '127.0.0.1';
const app = next({ dev: false, dir: ROOT, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[CLIENT_IP_HEADER] = clientAddress(req);
  void handle(req, res);
});
server.listen(port, host, () => console.log(`[dashboard] listening on http://${host}:${port}`));

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
