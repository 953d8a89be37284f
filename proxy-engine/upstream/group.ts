// An upstream group as the forwarding code sees it: a compiled pool (balancer/) plus the
// keep-alive connection pool of each of its servers (clients.ts), resolved at compile
// time so a pick costs no lookups.
import type { Dispatcher, Pool } from 'undici';
import type { PoolConfig } from '../../core/config/pool.ts';
import type { PoolRuntime } from '../balancer/pool-runtime.ts';
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import type { Peer, PickError, SelectionContext } from '../balancer/types.ts';
import type { ClientOptions, ClientPlan } from './clients.ts';
import { PrivateClients, type ConnectionOwner } from './private-clients.ts';

export type { Peer, SelectionContext };
export type PickResult = Peer | PickError;

export interface UpstreamGroup {
  /** Pool name, or the address for a single-address proxy. */
  name: string;
  /** nginx's tries: servers not marked down (bounds retries). */
  size: number;
  pool: PoolRuntime;
  config: PoolConfig;
  scheme: 'http' | 'https';
  /** The PROXY protocol version its servers get, or null. */
  proxyProtocol: 'v1' | 'v2' | null;
  pick(ctx: SelectionContext, tried: ReadonlySet<string>): PickResult;
  /** The server's shared keep-alive pool. */
  client(peer: Peer): Pool;
  /** What a request to `peer` is sent through: the shared pool, or, for a pool that sends the PROXY protocol, the client connection's own upstream connection. */
  dispatcher(peer: Peer, owner: () => ConnectionOwner): Dispatcher;
  connectOptions(peer: Peer): ClientOptions;
  /** Waits for a server to free up when all are at max_conns; false on timeout or when queueing is off. */
  waitForSlot(timeoutMs: number): Promise<boolean>;
}

/** How often a queued request looks for a slot freed by another worker. */
const SHARED_SLOT_POLL_MS = 5;

export function isPeer(result: PickResult): result is Peer {
  return !('error' in result);
}

export interface GroupOptions {
  scheme: 'http' | 'https';
  connectTimeoutMs: number;
  /** The connect-time SSRF guard (settings.allowLinkLocalUpstreams turns it off). */
  guard: boolean;
}

export function createUpstreamGroup(
  config: PoolConfig,
  runtime: PoolRuntime,
  clients: Pick<ClientPlan, 'get'>,
  registry: ServerStateRegistry,
  options: GroupOptions,
): UpstreamGroup {
  const byAddress = new Map<string, { pool: Pool; options: ClientOptions }>();
  // Only v1 and v2 send: a last-good copy saved before the field existed has none.
  const proxyProtocol = config.proxyProtocol === 'v1' || config.proxyProtocol === 'v2' ? config.proxyProtocol : null;
  const private_ = proxyProtocol ? new PrivateClients(proxyProtocol) : null;
  for (const peer of runtime.peers) {
    const o: ClientOptions = {
      scheme: options.scheme,
      host: peer.target.host,
      port: peer.target.kind === 'unix' ? 0 : peer.target.port,
      socketPath: peer.target.socketPath,
      connectTimeoutMs: options.connectTimeoutMs,
      idleTimeoutMs: config.keepalive.idleTimeoutMs,
      maxRequests: config.keepalive.maxRequests,
      tlsVerify: config.tls.verify,
      tlsServerName: config.tls.serverName,
      tlsCa: config.tls.caPem,
      guard: options.guard,
    };
    byAddress.set(peer.address, { pool: clients.get(o), options: o });
  }
  const queueSize = config.queue.size;
  let waiting = 0;
  // With several workers the queue's length is counted in shared memory, and a slot freed
  // by another worker's request reaches no listener here: waiters also watch the pool's
  // shared epoch, which a server leaving max_conns bumps.
  const shared = queueSize > 0 ? registry.selection(config.id) : null;
  const signal = runtime.peers[0]?.state.signal;
  const enterQueue = () => (shared ? shared.enterQueue(queueSize) : waiting < queueSize);
  return {
    name: config.name,
    size: runtime.tries,
    pool: runtime,
    config,
    scheme: options.scheme,
    proxyProtocol,
    pick: (ctx, tried) => runtime.pick(ctx, tried),
    client: (peer) => byAddress.get(peer.address)!.pool,
    dispatcher: (peer, owner) => {
      const server = byAddress.get(peer.address)!;
      return private_ ? private_.get(owner(), peer.address, server.options) : server.pool;
    },
    connectOptions: (peer) => byAddress.get(peer.address)!.options,
    waitForSlot(timeoutMs) {
      if (!enterQueue()) return Promise.resolve(false);
      waiting++;
      return new Promise<boolean>((resolve) => {
        let settled = false;
        const done = (ok: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (watch !== null) clearInterval(watch);
          unsubscribe();
          waiting--;
          shared?.leaveQueue();
          resolve(ok);
        };
        const timer = setTimeout(() => done(false), Math.min(timeoutMs, config.queue.timeoutMs));
        const unsubscribe = registry.onRelease((state) => {
          if (state.poolId === config.id) done(true);
        });
        const seen = signal?.epoch;
        const watch = shared && signal ? setInterval(() => signal.epoch !== seen && done(true), SHARED_SLOT_POLL_MS) : null;
      });
    },
  };
}
