// Keep-alive connection pools to upstream servers, one undici Pool per (server, TLS and
// keep-alive settings). They live outside the compiled runtime so a reload keeps warm
// connections; pools no revision uses any more are closed gracefully (in-flight
// requests finish first).
import { Pool, buildConnector } from 'undici';
import { guardConnector, guardedLookup } from '../../core/net/guarded-connect.ts';

export interface ClientOptions {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  socketPath: string;
  connectTimeoutMs: number;
  /** nginx keepalive_timeout for idle upstream connections. */
  idleTimeoutMs: number;
  /** keepalive_requests: requests per connection (0 = unlimited). */
  maxRequests: number;
  tlsVerify: boolean;
  tlsServerName: string | undefined;
  tlsCa: string | undefined;
  /** Refuse link-local and metadata addresses at connect time (off only when the settings allow them). */
  guard: boolean;
}

function keyOf(o: ClientOptions): string {
  return [o.scheme, o.host, o.port, o.socketPath, o.connectTimeoutMs, o.idleTimeoutMs, o.maxRequests, o.tlsVerify, o.tlsServerName ?? '', o.tlsCa ?? '', o.guard].join('|');
}

function originOf(o: ClientOptions): string {
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return `${o.scheme}://${host}:${o.port || (o.scheme === 'https' ? 443 : 80)}`;
}

export class UpstreamClients {
  private readonly pools = new Map<string, Pool>();
  private readonly inUse = new Set<string>();

  get(options: ClientOptions): Pool {
    const key = keyOf(options);
    this.inUse.add(key);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(originOf(options), {
        connections: null,
        pipelining: 1,
        keepAliveTimeout: Math.max(options.idleTimeoutMs, 1),
        keepAliveMaxTimeout: Math.max(options.idleTimeoutMs, 1),
        keepAliveTimeoutThreshold: 0,
        maxRequestsPerClient: options.maxRequests || undefined,
        // Per-request timeouts are passed at dispatch; these are the ceilings.
        headersTimeout: 0,
        bodyTimeout: 0,
        // Header size limit for upstream responses (nginx proxy_buffer_size is 4–8k; be generous).
        maxHeaderSize: 64 * 1024,
        connect: pinnedServerName(
          guarded(
            buildConnector({
              timeout: options.connectTimeoutMs,
              socketPath: options.socketPath || undefined,
              rejectUnauthorized: options.tlsVerify,
              ca: options.tlsCa,
              // Upstreams speak HTTP/1.1, as nginx's proxy does (no h2 by ALPN).
              allowH2: false,
              ...(options.guard && !options.socketPath ? { lookup: guardedLookup } : {}),
            }),
            options.guard && !options.socketPath,
          ),
          options.scheme === 'https' ? options.tlsServerName ?? (isIpLiteral(options.host) ? undefined : options.host) : undefined,
        ),
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Starts a new revision's accounting: pools not requested again by then are retired on `sweep()`. */
  beginRevision(): void {
    this.inUse.clear();
  }

  /** Closes pools the current revision does not use; their in-flight requests complete first. */
  sweep(): void {
    for (const [key, pool] of this.pools) {
      if (!this.inUse.has(key)) {
        this.pools.delete(key);
        pool.close().catch(() => {});
      }
    }
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((p) => p.destroy()));
  }
}

/** A unix socket has no address to judge; the SSRF guard is for TCP upstreams. */
function guarded(connector: buildConnector.connector, on: boolean): buildConnector.connector {
  return on ? guardConnector(connector) : connector;
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/**
 * undici takes the TLS server name (SNI, and the name the certificate is checked against)
 * from the request's Host header, which here is the client's host, not the upstream's.
 * The configured name wins, as nginx's proxy_ssl_name does.
 */
function pinnedServerName(connector: buildConnector.connector, servername: string | undefined): buildConnector.connector {
  return (opts, callback) => connector({ ...opts, servername: servername ?? '' }, callback);
}
