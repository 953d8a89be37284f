// The agent of an upgrade request (WebSocket) to a pool that sends the PROXY protocol: its
// connection is the TCP connection with the header as its first bytes, then TLS over it
// for an https upstream — the same order as the forwarding path's header-first clients.
// (An agent, because node:http ignores a request's own createConnection once it has one.)
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';

export function headerFirstAgent(scheme: 'http' | 'https', header: Buffer, lookup: LookupFunction | undefined): http.Agent {
  const agent = scheme === 'https' ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  agent.createConnection = (options: http.ClientRequestArgs & tls.ConnectionOptions): net.Socket => {
    const raw = net.connect({ host: options.host ?? options.hostname ?? 'localhost', port: Number(options.port), ...(lookup ? { lookup } : {}) });
    raw.write(header);
    if (scheme === 'http') return raw;
    return tls.connect({ socket: raw, servername: options.servername, rejectUnauthorized: options.rejectUnauthorized, ca: options.ca, ALPNProtocols: ['http/1.1'] });
  };
  return agent;
}
