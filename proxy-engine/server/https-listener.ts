// The HTTPS entrypoint: TLS with SNI, HTTP/2 by ALPN and HTTP/1.1 on the same port
// (WebSocket upgrades over HTTP/1.1), into the same request pipeline as plain HTTP.
// Created once; a reload swaps certificates through the runtime (SNICallback reads the
// current runtime's certificate store at every handshake), never by re-binding.
import http from 'node:http';
import http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { createRequestHandler, type HandlerDeps } from '../pipeline/handler.ts';
import { defaultErrorPage } from '../http/error-pages.ts';
import { failClientBody } from '../pipeline/request-body.ts';
import { serverHeader } from '../http/response-headers.ts';
import type { Runtime } from '../runtime/types.ts';
import type { CertificateEntry } from '../tls/certificate-entry.ts';
import { ALPN_PROTOCOLS, TLS_PROFILE } from '../tls/defaults.ts';
import type { OcspStapler } from '../tls/ocsp-stapler.ts';
import { followTicketKeys, startTicketKeyRotation, type TicketKeyRotation } from '../tls/ticket-keys.ts';
import { attachUpgradeHandling, LISTENER_LIMITS } from './http-listener.ts';
import { wantsWebSocket } from './upgrade-routing.ts';
import { SlowConnections, watchConnections } from './slow-connections.ts';

export interface HttpsListenerDeps extends HandlerDeps {
  /** Served when the runtime has no certificate store (and to clients without SNI until one exists). */
  fallback: CertificateEntry;
  stapler?: OcspStapler;
  /** The engine's ticket key when several workers serve (the main thread rotates it); absent: this listener rotates its own. */
  ticketKey?: Buffer;
}

export interface HttpsListener {
  server: http2.Http2SecureServer;
  tickets: TicketKeyRotation;
  /** A new ticket key from the engine's main thread (workers only). */
  useTicketKey(key: Buffer): void;
  /** Call after every applied runtime: keeps the no-SNI certificate in step with the default host. */
  applyRuntime(runtime: Runtime): void;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts the rest. */
  close(graceMs?: number): Promise<void>;
}


/** HTTP/2 stream limits: bounded concurrency and header size, as nginx's defaults. */
const H2_SETTINGS: http2.Settings = {
  maxConcurrentStreams: 128,
  maxHeaderListSize: LISTENER_LIMITS.maxHeaderSize,
  enablePush: false,
};

export function createHttpsListener(deps: HttpsListenerDeps, slow = new SlowConnections(LISTENER_LIMITS.slowConnections)): HttpsListener {
  const handler = createRequestHandler(deps) as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void;
  const server = http2.createSecureServer(
    {
      ...TLS_PROFILE,
      cert: deps.fallback.certPem,
      key: deps.fallback.keyPem,
      allowHTTP1: true,
      ALPNProtocols: ALPN_PROTOCOLS,
      SNICallback: (servername, callback) => {
        const store = deps.current().tls;
        callback(null, store ? store.contextFor(servername) : deps.fallback.context);
      },
      settings: H2_SETTINGS,
      maxSessionMemory: 32,
      unknownProtocolTimeout: 10_000,
      // The HTTP/1.1 side gets the same limits as the plain HTTP entrypoint.
      headersTimeout: LISTENER_LIMITS.headersTimeoutMs,
      requestTimeout: 0,
      keepAliveTimeout: LISTENER_LIMITS.keepAliveTimeoutMs,
      maxHeaderSize: LISTENER_LIMITS.maxHeaderSize,
      requireHostHeader: true,
      joinDuplicateHeaders: false,
    } as http2.SecureServerOptions,
    handler,
  );
  // Node's HTTP/2 server takes shouldUpgradeCallback as a property only (not an option):
  // without it every request carrying "Upgrade" would be detached from HTTP/1.1 handling.
  (server as unknown as { shouldUpgradeCallback: (req: http.IncomingMessage) => boolean }).shouldUpgradeCallback = (req) =>
    wantsWebSocket(deps.current(), req, 'https');
  attachUpgradeHandling(server as unknown as http.Server, deps);
  // Slow TLS handshakes and HTTP/1.1 headers count against their address; HTTP/2 sessions stop counting at their first stream.
  watchConnections(server, slow);

  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<TLSSocket>();
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('session', (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    // keepalive_timeout for idle HTTP/2 connections.
    session.setTimeout(LISTENER_LIMITS.keepAliveTimeoutMs, () => session.close());
    session.on('error', () => session.destroy());
  });
  server.on('OCSPRequest', (certificate: Buffer, _issuer: Buffer, callback: (err: Error | null, response?: Buffer) => void) => {
    const staple = deps.stapler?.responseFor(certificate);
    callback(null, staple ?? undefined);
  });
  // Failed handshakes (scanners, wrong protocol) are routine: drop them quietly, except
  // plain HTTP sent to this port, which gets nginx's 400 "The plain HTTP request was sent
  // to HTTPS port" in plain text on the raw connection (the TLS layer never started).
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    const raw = (socket as TLSSocket & { _parent?: Duplex })._parent;
    if (error.code !== 'ERR_SSL_HTTP_REQUEST' || !raw?.writable) return socket.destroy();
    const serverTokens = deps.current().settings.serverTokens;
    const body = defaultErrorPage(400, serverTokens).replace('The request could not be understood.', 'The plain HTTP request was sent to HTTPS port.');
    raw.end(
      `HTTP/1.1 400 Bad Request\r\nServer: ${serverHeader(serverTokens)}\r\nContent-Type: text/html\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A request whose body was streaming upstream fails with it: the upstream sees the message cut.
    const streaming = failClientBody(socket, `invalid request body (${error.code ?? error.message})`);
    // A client that closed mid-message (EOF) gets no answer, as nginx ("client prematurely
    // closed connection"); one whose answer already began gets the connection cut.
    if (!socket.writable || streaming?.answerStarted || error.code === 'HPE_INVALID_EOF_STATE') return socket.destroy();
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const text = http.STATUS_CODES[status]!;
    socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\nConnection: close\r\n\r\n${text}\n`);
  });

  const followed = deps.ticketKey ? followTicketKeys(server, deps.ticketKey) : null;
  const tickets = followed ?? startTicketKeyRotation(server);
  let baseEntry = deps.fallback;

  return {
    server,
    tickets,
    useTicketKey(key) {
      if (!followed) throw new Error('this listener rotates its own ticket keys');
      followed.use(key);
    },
    applyRuntime(runtime) {
      const wanted = runtime.tls?.defaultEntry ?? deps.fallback;
      if (wanted === baseEntry) return;
      baseEntry = wanted;
      // Replacing the base context also replaces the ticket key: carry the current one over.
      server.setSecureContext({ ...TLS_PROFILE, cert: wanted.certPem, key: wanted.keyPem, ticketKeys: tickets.current() });
    },
    close(graceMs = 5000) {
      tickets.stop();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, graceMs);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        // GOAWAY lets in-flight HTTP/2 streams finish; idle HTTP/1.1 connections just end.
        for (const session of sessions) session.close();
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
    },
  };
}
