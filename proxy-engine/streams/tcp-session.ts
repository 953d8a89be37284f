// One client connection of a TCP stream, in nginx's order: access (allow/deny) → limits
// (limit_conn) → upstream (a server from the pool; the next one when a connection cannot
// be established, as proxy_next_upstream) → bytes both ways until either side closes or
// nothing moves for proxy_timeout. The session keeps the compiled stream it started with:
// a change of the stream applies to new connections only.
import type net from 'node:net';
import tls from 'node:tls';
import type { PoolRuntime } from '../balancer/pool-runtime.ts';
import { isPickError, type Peer } from '../balancer/types.ts';
import { prereadClientHello } from './preread.ts';
import { proxyHeader, readProxyHeader } from './proxy-protocol.ts';
import type { CompiledStream } from './compile-stream.ts';
import { connectUpstream } from './upstream-connect.ts';
import type { ConnectionCounts, StreamCounters } from './stream-counters.ts';

export interface SessionHooks {
  readonly counts: ConnectionCounts;
  readonly counters: StreamCounters;
  /** A connection opened and closed (the listener tracks open ones for draining and live bytes). */
  opened(client: net.Socket, upstream: net.Socket): void;
  closed(client: net.Socket, upstream: net.Socket | null): void;
  log(message: string): void;
}

/** The client's address as rules and hashes read it ("::ffff:10.0.0.1" is 10.0.0.1). */
export function clientAddressOf(socket: net.Socket): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** What the HTTPS entrypoint already read: the route its SNI name took, and the bytes. */
export interface Preread {
  pool: PoolRuntime;
  head: Buffer;
}

export async function handleTcpConnection(client: net.Socket, stream: CompiledStream, hooks: SessionHooks, preread: Preread | null = null): Promise<void> {
  const { config } = stream;
  const { counters } = hooks;
  client.on('error', () => client.destroy());
  let clientIp = clientAddressOf(client);
  let clientPort = client.remotePort ?? 0;
  // listen … proxy_protocol: the header is required; its address counts only from a trusted peer.
  if (config.proxyProtocol.accept && !preread) {
    client.pause();
    const header = await readProxyHeader(client, config.prereadTimeoutMs);
    const refused = 'error' in header ? header.error : !stream.trustedPeer(clientIp) ? `a PROXY protocol header from ${clientIp}, which is not trusted (set_real_ip_from)` : null;
    if (refused !== null || 'error' in header) {
      counters.denied++;
      hooks.log(`stream ${config.name}: ${refused}, client: ${clientIp}`);
      client.destroy();
      return;
    }
    if (header.source !== null) {
      clientIp = header.source;
      clientPort = header.sourcePort ?? clientPort;
    }
    // What followed the header is the client's own first bytes.
    if (header.rest.length > 0) client.unshift(header.rest);
  }
  if (!stream.allowed(clientIp)) {
    counters.denied++;
    hooks.log(`stream ${config.name}: access forbidden by rule, client: ${clientIp}`);
    client.destroy();
    return;
  }
  if ((config.limits.perClient !== 0 && hooks.counts.of(clientIp) >= config.limits.perClient) || (config.limits.total !== 0 && hooks.counts.total >= config.limits.total)) {
    counters.limited++;
    hooks.log(`stream ${config.name}: limiting connections, client: ${clientIp}`);
    client.destroy();
    return;
  }
  const leave = hooks.counts.enter(clientIp);
  counters.accepted++;
  counters.active++;
  const started = performance.now();
  // Bytes the client sends while the upstream is being reached wait in the kernel.
  client.pause();
  let clientGone = false;
  client.once('close', () => (clientGone = true));

  const finish = (upstream: net.Socket | null) => {
    leave();
    counters.active--;
    counters.closed++;
    counters.durationMsTotal += performance.now() - started;
    counters.bytesIn += client.bytesRead;
    counters.bytesOut += client.bytesWritten;
    hooks.closed(client, upstream);
  };

  // listen … ssl: the TLS handshake (after access and limits, as nginx's ssl phase), then
  // plain bytes both ways; the upstream speaks plain TCP.
  let downstream: net.Socket = client;
  if (stream.tlsContext && !preread) {
    const secured = await terminateTls(client, stream, config.prereadTimeoutMs);
    if ('error' in secured) {
      hooks.log(`stream ${config.name}: ${secured.error}, client: ${clientIp}`);
      client.destroy();
      finish(null);
      return;
    }
    downstream = secured.socket;
  }

  // ssl_preread: the ClientHello's server name picks the pool; its bytes go on untouched.
  let pool = preread?.pool ?? stream.pool;
  let head = preread?.head ?? null;
  if (stream.preread && !preread) {
    const hello = await prereadClientHello(client, config.prereadTimeoutMs);
    head = hello.head;
    pool = stream.route(hello.serverName) ?? stream.pool;
    if (pool === null) hooks.log(`stream ${config.name}: no route for server name ${hello.serverName === null ? '(none)' : JSON.stringify(hello.serverName)}, client: ${clientIp}`);
  }
  if (pool === null) {
    counters.upstreamFailed++;
    client.destroy();
    finish(null);
    return;
  }

  const ctx = { clientIp, uri: '', header: () => undefined, cookie: () => undefined };
  const tried = new Set<string>();
  const maxTries = config.nextUpstream ? (config.nextUpstreamTries === 0 ? pool.tries : Math.min(config.nextUpstreamTries, pool.tries)) : 1;
  let upstream: net.Socket | null = null;
  let peer: Peer | null = null;
  while (upstream === null && tried.size < Math.max(maxTries, 1) && !clientGone) {
    const picked = pool.pick(ctx, tried);
    if (isPickError(picked)) {
      hooks.log(`stream ${config.name}: ${picked.error === 'all_busy' ? 'upstream servers are busy' : 'no live upstreams'} while connecting to upstream, client: ${clientIp}`);
      break;
    }
    tried.add(picked.address);
    try {
      upstream = await connectUpstream(picked, config.connectTimeoutMs, stream.guardUpstreams);
      peer = picked;
    } catch (error) {
      picked.release('failure');
      hooks.log(`stream ${config.name}: ${(error as Error).message} while connecting to upstream ${picked.address}, client: ${clientIp}`);
    }
  }
  if (upstream === null || peer === null || clientGone || downstream.destroyed) {
    upstream?.destroy();
    peer?.release('success');
    if (upstream === null) counters.upstreamFailed++;
    client.destroy();
    finish(null);
    return;
  }

  const connected = upstream;
  const leased = peer;
  hooks.opened(client, connected);
  let done = false;
  const close = () => {
    if (done) return;
    done = true;
    client.destroy();
    downstream.destroy();
    connected.destroy();
    leased.release('success');
    finish(connected);
  };
  connected.on('error', close);
  client.on('error', close);
  client.on('close', close);
  downstream.on('error', close);
  downstream.on('close', close);
  connected.on('close', close);
  // proxy_timeout: nothing read or written on either side for this long closes both.
  for (const socket of [downstream, connected]) {
    socket.setTimeout(config.idleTimeoutMs);
    socket.on('timeout', () => {
      hooks.log(`stream ${config.name}: connection idle for ${config.idleTimeoutMs} ms, closing, client: ${clientIp}`);
      close();
    });
  }
  // proxy_protocol on (v1, as nginx), or the pool's own proxyProtocol (v1 or v2) when it asks.
  const poolVersion = stream.pools.find((p) => p.runtime === pool)?.config.proxyProtocol;
  const version = poolVersion === 'v1' || poolVersion === 'v2' ? poolVersion : config.proxyProtocol.send ? 'v1' : null;
  if (version) connected.write(proxyHeader(version, { address: clientIp, port: clientPort }, { address: clientAddressOf({ remoteAddress: client.localAddress } as net.Socket), port: client.localPort ?? 0 }));
  if (head && head.length > 0) connected.write(head);
  downstream.pipe(connected);
  connected.pipe(downstream);
  downstream.resume();
}

/** The server side of a TLS handshake on a stream connection, bounded by `timeoutMs`. */
function terminateTls(client: net.Socket, stream: CompiledStream, timeoutMs: number): Promise<{ socket: tls.TLSSocket } | { error: string }> {
  return new Promise((resolve) => {
    const contextOf = stream.tlsContext!;
    const base = contextOf(null);
    if (!base) return resolve({ error: 'no certificate to terminate TLS with' });
    const secure = new tls.TLSSocket(client, {
      isServer: true,
      secureContext: base,
      SNICallback: (name, callback) => callback(null, contextOf(name) ?? base),
    });
    const timer = setTimeout(() => fail('TLS handshake timed out'), timeoutMs);
    function fail(reason: string) {
      clearTimeout(timer);
      secure.destroy();
      resolve({ error: reason });
    }
    secure.once('error', (error) => fail(`TLS handshake failed: ${error.message}`));
    secure.once('secure', () => {
      clearTimeout(timer);
      secure.removeAllListeners('error');
      secure.pause();
      resolve({ socket: secure });
    });
  });
}
