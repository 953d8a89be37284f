// TLS passthrough on the HTTPS entrypoint (Traefik's HostSNI on websecure): a small
// server in front of Portico's own TLS server. With no passthrough names it hands every
// connection straight over; otherwise it reads the ClientHello, sends a connection whose
// SNI name a stream claims to that stream's backend still encrypted, and gives every
// other connection, bytes and all, to Portico's TLS server, which terminates it as before.
import net from 'node:net';
import type tls from 'node:tls';
import type { PoolRuntime } from '../balancer/pool-runtime.ts';
import type { CompiledStream } from './compile-stream.ts';
import { prereadClientHello } from './preread.ts';
import { acceptProxyHeader, type ProxyProtocolPolicy } from './proxy-protocol-front.ts';

export interface PassthroughRoute {
  stream: CompiledStream;
  pool: PoolRuntime;
}

export interface HttpsFrontRoutes {
  /** Whether any stream passes names through on the HTTPS entrypoint. */
  active(): boolean;
  route(serverName: string | null): PassthroughRoute | null;
  /** How long to wait for a ClientHello. */
  prereadTimeoutMs(): number;
  passthrough(socket: net.Socket, route: PassthroughRoute, head: Buffer): void;
  /** listen … proxy_protocol on the HTTPS entrypoint. */
  proxyProtocol(): ProxyProtocolPolicy;
  log(message: string): void;
}

export function createHttpsFront(tlsServer: tls.Server, routes: HttpsFrontRoutes): net.Server {
  const front = net.createServer({ noDelay: true, pauseOnConnect: true }, (raw) => {
    raw.on('error', () => raw.destroy());
    const policy = routes.proxyProtocol();
    if (policy.required) acceptProxyHeader(raw, policy, (socket) => route(socket), routes.log);
    else route(raw);
  });
  function route(socket: net.Socket): void {
    // The TLS socket reads the handle itself: resuming here would take its bytes.
    if (!routes.active()) {
      tlsServer.emit('connection', socket);
      return;
    }
    void prereadClientHello(socket, routes.prereadTimeoutMs()).then(({ serverName, head, gaveUp }) => {
      if (gaveUp && head.length === 0) return socket.destroy();
      const route = routes.route(serverName);
      if (route) return routes.passthrough(socket, route, head);
      // Back as it came: the TLS server reads the buffered bytes first.
      if (head.length > 0) socket.unshift(head);
      tlsServer.emit('connection', socket);
    });
  }
  front.on('error', () => {});
  return front;
}
