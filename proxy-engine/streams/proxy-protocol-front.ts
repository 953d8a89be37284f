// `listen … proxy_protocol` on the HTTP and HTTPS entrypoints: a server in front of the
// entrypoint's own that reads the PROXY header off every connection and hands the rest
// of the connection over untouched. A connection without the header, or with one from a
// peer not in set_real_ip_from, is refused; with `real_ip_header proxy_protocol` the
// socket then reports the carried address, so logs, access rules, limits and
// X-Forwarded-For see the client and not the load balancer.
import net from 'node:net';
import { compileCidr } from '../routing/cidr.ts';
import { readProxyHeader } from './proxy-protocol.ts';

export interface ProxyProtocolPolicy {
  /** The header is required on this entrypoint. */
  required: boolean;
  trusted(peer: string): boolean;
  /** real_ip_header proxy_protocol: the carried address becomes the client address. */
  useAddress: boolean;
}

export function proxyProtocolPolicy(settings: { trustedProxies: readonly string[]; realIpHeader: string; proxyProtocol: { http: boolean; https: boolean } }, entrypoint: 'http' | 'https'): ProxyProtocolPolicy {
  const trusted = settings.trustedProxies.map(compileCidr);
  return { required: settings.proxyProtocol[entrypoint], trusted: (peer) => trusted.some((test) => test(peer)), useAddress: settings.realIpHeader.toLowerCase() === 'proxy_protocol' };
}

/** Reads and checks the header; calls `next` with the socket (its first bytes back in place) or destroys it. */
export function acceptProxyHeader(socket: net.Socket, policy: ProxyProtocolPolicy, next: (socket: net.Socket) => void, log: (message: string) => void = () => {}): void {
  const peer = (socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.)/, '');
  void readProxyHeader(socket, 30_000).then((header) => {
    const refused = 'error' in header ? header.error : !policy.trusted(peer) ? `a PROXY protocol header from ${peer}, which is not trusted (set_real_ip_from)` : null;
    if (refused !== null || 'error' in header) {
      log(`${refused}, client: ${peer}`);
      socket.destroy();
      return;
    }
    if (policy.useAddress && header.source !== null) {
      Object.defineProperty(socket, 'remoteAddress', { value: header.source, configurable: true });
      if (header.sourcePort !== null) Object.defineProperty(socket, 'remotePort', { value: header.sourcePort, configurable: true });
    }
    if (header.rest.length > 0) socket.unshift(header.rest);
    next(socket);
  });
}

export function createProxyProtocolFront(server: net.Server, policy: () => ProxyProtocolPolicy, log?: (message: string) => void): net.Server {
  const front = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => {
    socket.on('error', () => socket.destroy());
    const current = policy();
    if (!current.required) {
      server.emit('connection', socket);
      socket.resume();
      return;
    }
    acceptProxyHeader(socket, current, (ready) => {
      server.emit('connection', ready);
      ready.resume();
    }, log);
  });
  front.on('error', () => {});
  return front;
}
