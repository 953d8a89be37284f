// The plain-HTTP entrypoint. Listeners are created once and never closed or re-bound
// by a reload: each request reads the current runtime when it arrives.
import http, { ServerResponse, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createContext, createRequestHandler, enterPipeline, type HandlerDeps } from '../pipeline/handler.ts';
import { defaultErrorPage } from '../http/error-pages.ts';
import { serverHeader } from '../http/response-headers.ts';
import { wantsWebSocket } from './upgrade-routing.ts';
import { MAX_HEADER_BYTES } from '../../core/config/settings.ts';
import { failClientBody } from '../pipeline/request-body.ts';
import { SlowConnections, watchConnections } from './slow-connections.ts';

/** Limits that keep slow or oversized clients from holding the proxy (nginx-like defaults). */
export const LISTENER_LIMITS = {
  /** client_header_timeout */
  headersTimeoutMs: 30_000,
  /** keepalive_timeout */
  keepAliveTimeoutMs: 75_000,
  /**
   * What Node's parser buffers (request line and headers): the largest the header-buffer
   * settings allow plus a long request line. The settings' own limits are enforced per
   * request in pipeline/handler.ts; beyond this cap the parser answers 400, as nginx.
   */
  maxHeaderSize: MAX_HEADER_BYTES + 64 * 1024,
  /** How often slow header senders are checked (Node's default of 30 s lets a slowloris linger). */
  connectionsCheckingIntervalMs: 1000,
  /**
   * Slow connections (waiting for a request header, or trickling a body) one client
   * address may hold; past it the address's oldest slow connection is closed
   * (server/slow-connections.ts). Busy and idle connections are not limited per address.
   */
  slowConnections: { perAddress: 128, checkIntervalMs: 1000, headerGraceMs: 2000, trickleChecks: 10, trickleBytes: 512 },
};

/** CONNECT is not a proxy feature here: answer 405 rather than dropping the socket. */
export function refuseConnectMethod(server: http.Server): void {
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
}

export function attachUpgradeHandling(server: http.Server, deps: HandlerDeps): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A ServerResponse on the raw socket lets the normal pipeline (errors, limits) answer.
    const res = new ServerResponse(req);
    res.assignSocket(socket as import('node:net').Socket);
    res.shouldKeepAlive = false;
    socket.on('error', () => socket.destroy());
    const ctx = createContext(deps.current(), req, res, deps.entrypoint);
    ctx.upgrade = { socket, head };
    res.once('finish', () => {
      if (ctx.upstreamStatus !== 101) socket.end();
    });
    // A tunnel holds its runtime until the socket closes.
    enterPipeline(ctx, deps, socket);
  });
}

export function createHttpListener(deps: HandlerDeps, slow = new SlowConnections(LISTENER_LIMITS.slowConnections)): http.Server {
  const server = http.createServer(
    {
      headersTimeout: LISTENER_LIMITS.headersTimeoutMs,
      requestTimeout: 0,
      connectionsCheckingInterval: LISTENER_LIMITS.connectionsCheckingIntervalMs,
      keepAliveTimeout: LISTENER_LIMITS.keepAliveTimeoutMs,
      maxHeaderSize: LISTENER_LIMITS.maxHeaderSize,
      // route() answers a missing Host with Portico's own 400 page (Node's would be bare).
      requireHostHeader: false,
      insecureHTTPParser: false,
      joinDuplicateHeaders: false,
      // Only requests for a WebSocket-enabled location are treated as upgrades; anything
      // else with an Upgrade header is an ordinary request (its Upgrade is not forwarded).
      shouldUpgradeCallback: (req: IncomingMessage) => wantsWebSocket(deps.current(), req, deps.entrypoint.name),
    } as http.ServerOptions,
    createRequestHandler(deps),
  );
  attachUpgradeHandling(server, deps);
  refuseConnectMethod(server);
  watchConnections(server, slow);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A request whose body was streaming upstream fails with it: the upstream sees the message cut.
    const streaming = failClientBody(socket, `invalid request body (${error.code ?? error.message})`);
    // A client that closed mid-message (EOF) gets no answer, as nginx ("client prematurely
    // closed connection"); one whose answer already began gets the connection cut.
    if (!socket.writable || streaming?.answerStarted || error.code === 'HPE_INVALID_EOF_STATE') return socket.destroy();
    // Requests the parser refuses get the same small page as every other error.
    // nginx answers oversized headers with 400 ("Request Header Or Cookie Too Large").
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const serverTokens = deps.current().settings.serverTokens;
    const body = defaultErrorPage(status, serverTokens);
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nServer: ${serverHeader(serverTokens)}\r\nContent-Type: text/html\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
