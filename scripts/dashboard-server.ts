// The dashboard's HTTP server: Next.js in production mode behind a thin node:http layer
// that (1) records the client address (route handlers cannot see the socket), from the
// peer or, for a configured trusted proxy, its X-Forwarded-For, so throttling and the audit
// log use an address the client cannot choose; and (2) bounds every request body before
// Next.js or any route sees it.
import http from 'node:http';
import next from 'next';
import { MAX_JSON_BODY_BYTES, MAX_REQUEST_BODY_BYTES, payloadTooLargeMessage } from '../app/_lib/api/body-limits.ts';
import { EnvError, readEnv } from '../core/env.ts';
import { clientAddress, parseTrustedProxies } from '../core/net/client-address.ts';
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from '../app/_lib/security-headers.ts';
import { lingerOnClose } from '../core/net/lingering-close.ts';
import { gracefulStopper } from '../core/net/graceful-stop.ts';
import { ROOT } from './lib/paths.ts';
import { log } from '../app/_lib/log.ts';
import { logProcessWarnings } from '../core/log/logger.ts';

export const CLIENT_IP_HEADER = 'x-portico-client-ip';

let env;
try {
  env = readEnv();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  log.fatal(error.message);
  process.exit(1);
}
logProcessWarnings(log);
const trusted = parseTrustedProxies(env.PORTICO_TRUSTED_PROXIES);

/**
 * The body as the parser hands it over, counted: past the cap the connection is closed,
 * whoever is (or is not) reading. Routes stop reading at their own, lower limits and answer
 * 413 themselves; this catches everything else.
 */
class BoundedRequest extends http.IncomingMessage {
  #bodyBytes = 0;

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk instanceof Uint8Array) {
      this.#bodyBytes += chunk.byteLength;
      if (this.#bodyBytes > MAX_REQUEST_BODY_BYTES) {
        if (!this.destroyed) this.destroy();
        return false;
      }
    }
    return super.push(chunk, encoding);
  }
}

type HeaderList = http.OutgoingHttpHeaders | http.OutgoingHttpHeader[];

/**
 * An answer given before the request's body has arrived (a 401, a 413, a page that ignores
 * the body) closes the connection (lingering: proxy-engine/server/lingering-close.ts). Node
 * would otherwise read and discard the rest of the body to keep the connection alive,
 * however long it is.
 */
class ClosingResponse extends http.ServerResponse<BoundedRequest> {
  override writeHead(statusCode: number, statusMessage?: string, headers?: HeaderList): this;
  override writeHead(statusCode: number, headers?: HeaderList): this;
  override writeHead(statusCode: number, messageOrHeaders?: string | HeaderList, headers?: HeaderList): this {
    if (!this.req.complete && !this.headersSent) this.setHeader('connection', 'close');
    // Node tells the two forms apart by the second argument's type, as the overloads do.
    return super.writeHead(statusCode, messageOrHeaders as string | undefined, headers);
  }
}

function declaredTooLarge(req: http.IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > MAX_JSON_BODY_BYTES;
}

function refuseTooLarge(res: http.ServerResponse): void {
  const body = JSON.stringify({ error: { code: 'payload_too_large', message: payloadTooLargeMessage(MAX_JSON_BODY_BYTES) } });
  res.writeHead(413, {
    ...STATIC_SECURITY_HEADERS,
    'content-security-policy': API_CONTENT_SECURITY_POLICY,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body);
}

const port = env.PORTICO_DASHBOARD_PORT;
const host = env.PORTICO_DASHBOARD_HOST;
const app = next({ dev: false, dir: ROOT, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

function serve(req: BoundedRequest, res: ClosingResponse): void {
  // A declared length over every route's limit is refused before a byte of the body is read.
  if (declaredTooLarge(req)) return refuseTooLarge(res);
  req.headers[CLIENT_IP_HEADER] = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted.proxies);
  void handle(req, res);
}

const server = http.createServer<typeof BoundedRequest, typeof ClosingResponse>({ IncomingMessage: BoundedRequest, ServerResponse: ClosingResponse }, serve);
// "Expect: 100-continue" (curl sends it for large bodies): a body that is too large is
// refused before the client sends it.
server.on('checkContinue', (req: BoundedRequest, res: ClosingResponse) => {
  if (declaredTooLarge(req)) return refuseTooLarge(res);
  res.writeContinue();
  serve(req, res);
});
lingerOnClose(server);
server.listen(port, host, () => log.info(`listening on http://${host}:${port}`));

// Answers under way get 5 s, well inside the supervisor's 15 s; the live streams
// (/api/v1/stats/stream, /api/v1/logs/stream) and half-sent requests do not hold the stop.
const LIVE_STREAM = /^\/api\/v1\/[a-z]+\/stream(?:[?/]|$)/;
const stopper = gracefulStopper(server, { graceMs: 5_000, isStream: (req) => LIVE_STREAM.test(req.url ?? '') });
const stop = () => void stopper.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
