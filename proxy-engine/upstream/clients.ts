// Keep-alive connection pools to upstream servers, one undici Pool per (server, TLS and
// keep-alive settings). They live outside the compiled runtime so a reload keeps warm
// connections. Compiling only plans (existing pools are reused, new ones stay the plan's
// own until the runtime is committed); a pool is closed once no runtime generation that
// used it is held by a request any more, so a request of the old runtime can still retry
// on a pool the new one dropped.
import { Client, Pool, buildConnector } from 'undici';
import type { RuntimeGeneration } from '../runtime/generation.ts';
import { guardConnector, guardedLookup } from '../../core/net/guarded-connect.ts';
import { watchAnswers } from './http09.ts';

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

interface Held {
  pool: Pool;
  /** The runtime generations whose locations use this pool. */
  users: Set<RuntimeGeneration>;
}

/** The pools one compile wants: existing ones, and new ones nobody else sees until commit. */
export class ClientPlan {
  readonly #held: ReadonlyMap<string, Held>;
  readonly wanted = new Map<string, Pool>();
  readonly created = new Set<string>();

  constructor(held: ReadonlyMap<string, Held>) {
    this.#held = held;
  }

  get(options: ClientOptions): Pool {
    const key = keyOf(options);
    let pool = this.wanted.get(key) ?? this.#held.get(key)?.pool;
    if (!pool) {
      // Creating an undici Pool opens nothing: connections come with the first dispatch.
      pool = createPool(options);
      this.created.add(key);
    }
    this.wanted.set(key, pool);
    return pool;
  }

  /** The compile failed: the pools made for it were never used. */
  discard(): void {
    for (const key of this.created) void this.wanted.get(key)!.destroy().catch(() => {});
  }
}

export class UpstreamClients {
  readonly #held = new Map<string, Held>();

  /** Starts planning a compile's pools; nothing changes until `commit`. */
  plan(): ClientPlan {
    return new ClientPlan(this.#held);
  }

  /** The planned runtime is live: its pools are held for its generation. */
  commit(plan: ClientPlan, generation: RuntimeGeneration): void {
    for (const [key, pool] of plan.wanted) {
      let held = this.#held.get(key);
      if (!held) {
        held = { pool, users: new Set() };
        this.#held.set(key, held);
      }
      held.users.add(generation);
    }
  }

  /**
   * A generation no request holds any more: pools no other generation uses are closed
   * gracefully (what is still in flight on them completes first).
   */
  release(generation: RuntimeGeneration): void {
    for (const [key, held] of this.#held) {
      if (!held.users.delete(generation) || held.users.size > 0) continue;
      this.#held.delete(key);
      held.pool.close().catch(() => {});
    }
  }

  /** How many pools are open (for tests and the status page). */
  get size(): number {
    return this.#held.size;
  }

  has(pool: Pool): boolean {
    for (const held of this.#held.values()) if (held.pool === pool) return true;
    return false;
  }

  async closeAll(): Promise<void> {
    const pools = [...this.#held.values()].map((h) => h.pool);
    this.#held.clear();
    await Promise.allSettled(pools.map((p) => p.destroy()));
  }
}

/** What every upstream dispatcher shares: keep-alive bounds, timeouts, header size. */
function dispatcherOptions(options: ClientOptions) {
  return {
    pipelining: 1,
    keepAliveTimeout: Math.max(options.idleTimeoutMs, 1),
    keepAliveMaxTimeout: Math.max(options.idleTimeoutMs, 1),
    keepAliveTimeoutThreshold: 0,
    // Per-request timeouts are passed at dispatch; these are the ceilings.
    headersTimeout: 0,
    bodyTimeout: 0,
    // The ceiling of every location's proxy_buffer_size (1m); each answer's head is checked
    // against its location's own size (pipeline/upstream-header-size.ts).
    maxHeaderSize: 1024 * 1024 + 1024,
  };
}

function connectorOf(options: ClientOptions): buildConnector.connector {
  return pinnedServerName(
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
  );
}

/** nginx passes an HTTP/0.9 answer on; undici's parser would refuse it (upstream/http09.ts). */
function http09Aware(connector: buildConnector.connector): buildConnector.connector {
  return (opts, callback) =>
    connector(opts, (error, socket) => {
      if (socket) watchAnswers(socket);
      callback(error, socket as never);
    });
}

function createPool(options: ClientOptions): Pool {
  return new Pool(originOf(options), { ...dispatcherOptions(options), connections: null, maxRequestsPerClient: options.maxRequests || undefined, connect: http09Aware(connectorOf(options)) });
}

/**
 * One upstream connection whose first bytes are `header` (a PROXY protocol header), then
 * HTTP — or TLS, then HTTP: the header goes before the handshake, as HAProxy's send-proxy
 * does. It names one client, so its owner (upstream/private-clients.ts) never shares it.
 */
export function createHeaderFirstClient(options: ClientOptions, header: Buffer): Client {
  const connect = connectorOf(options);
  return new Client(originOf(options), {
    ...dispatcherOptions(options),
    maxRequestsPerClient: options.maxRequests || undefined,
    // The HTTP bytes are looked at on the socket undici reads (after TLS, if any).
    connect: http09Aware((opts, callback) =>
      // Plain TCP first (guarded like any upstream connection), the header on it, then TLS over it.
      connect({ ...opts, protocol: 'http:' }, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('no socket'), null);
        socket.write(header);
        if (options.scheme !== 'https') return callback(null, socket);
        connect({ ...opts, httpSocket: socket } as typeof opts, callback);
      }),
    ),
  });
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
