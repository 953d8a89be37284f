// node:http(s)'s createConnection for an upgrade request (WebSocket) to a pool that sends
// the PROXY protocol: the TCP connection, the header as its first bytes, then TLS over it
// for an https upstream — the same order as the forwarding path's header-first clients.
import type { ClientRequestArgs } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { LookupFunction } from 'node:net';

export function headerFirstConnection(scheme: 'http' | 'https', header: Buffer, lookup: LookupFunction | undefined) {
  return (options: ClientRequestArgs): net.Socket => {
    const raw = net.connect({ host: options.host ?? options.hostname ?? 'localhost', port: Number(options.port), ...(lookup ? { lookup } : {}) });
    raw.write(header);
    if (scheme === 'http') return raw;
    const secure = options as ClientRequestArgs & tls.ConnectionOptions;
    return tls.connect({ socket: raw, servername: secure.servername, rejectUnauthorized: secure.rejectUnauthorized, ca: secure.ca, ALPNProtocols: ['http/1.1'] });
  };
}
