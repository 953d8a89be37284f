// The streams' data plane beside the HTTP runtime: on every applied configuration it
// compiles the streams, hands each port's listener its new stream (a changed stream
// applies to new connections; open ones keep theirs), binds the ports of new streams
// before the apply counts as done, and closes the ports of removed ones: they stop
// accepting at once and their connections get `drainMs` to finish. A stream that cannot
// be compiled or bound is disabled alone and reported, as a broken host is.
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import type { PoolConfig } from '../../core/config/pool.ts';
import type { StreamConfig } from '../../core/config/stream.ts';
import type { ObjectError } from '../../core/contract/status.ts';
import type { StreamStatus, StreamTrace, StreamTraceInput } from '../../core/contract/streams.ts';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { compileStream, type CompiledStream } from './compile-stream.ts';
import { newCounters, type StreamCounters } from './stream-counters.ts';
import { createHttpsFront, type HttpsFrontRoutes, type PassthroughRoute } from './https-front.ts';
import { createProxyProtocolFront, proxyProtocolPolicy } from './proxy-protocol-front.ts';
import { GlobalSettings } from '../../core/config/settings.ts';
import { TcpStreamListener } from './tcp-listener.ts';
import { ConnectionCounts } from './stream-counters.ts';
import { handleTcpConnection } from './tcp-session.ts';
import type net from 'node:net';
import type tls from 'node:tls';
import { UdpStreamListener } from './udp-listener.ts';
import { TcpHealthChecker } from './tcp-health.ts';
import { loadStreamCertificates } from './stream-certificates.ts';

type StreamListener = TcpStreamListener | UdpStreamListener;

export interface StreamManagerOptions {
  /** The address the proxy binds (PORTICO_BIND_ADDRESS). */
  host: string;
  /** How long a removed stream's open connections may take to finish (default 30 s). */
  drainMs?: number;
  log?: (message: string) => void;
  /** Opens a stored (sealed) private key, for streams that terminate TLS. */
  openKey?: (stored: string) => string;
}

export interface StreamManager {
  /** Brings the listeners in line with `config`; resolves once new ports listen. */
  apply(config: LoadedConfig): Promise<void>;
  errors(): ObjectError[];
  status(): StreamStatus[];
  /** Which stream, route and pool a connection would reach (the tracer). */
  trace(input: StreamTraceInput): StreamTrace;
  /** The server to bind on the HTTPS port in front of Portico's TLS server (passthrough by SNI). */
  httpsFront(tlsServer: tls.Server): net.Server;
  /** The server to bind on the HTTP port in front of Portico's HTTP server (listen … proxy_protocol). */
  httpFront(httpServer: net.Server): net.Server;
  /** Closes every port and cuts every connection. */
  stop(): Promise<void>;
}

const keyOf = (stream: StreamConfig) => (stream.entrypoint ? `entrypoint:${stream.entrypoint}` : `${stream.protocol}:${stream.listenPort}`);

function errorOf(stream: StreamConfig, error: unknown): ObjectError {
  const e = error as Error & { path?: string; code?: string };
  const message = e.code === 'EADDRINUSE' ? `cannot listen on ${stream.protocol.toUpperCase()} port ${stream.listenPort}: the port is already in use` : e.code === 'EACCES' ? `cannot listen on port ${stream.listenPort}: permission denied (ports below 1024 need privileges)` : e.message;
  return { objectType: 'stream', objectId: stream.id, name: stream.name, path: e.path ?? (e.code ? 'listenPort' : ''), message };
}

export function createStreamManager(options: StreamManagerOptions): StreamManager {
  const drainMs = options.drainMs ?? 30_000;
  const log = options.log ?? (() => {});
  // Stream upstreams keep their own passive-health state (nginx's stream upstreams are
  // apart from http ones too), so the HTTP runtime's reloads never drop it.
  const registry = new ServerStateRegistry();
  const health = new TcpHealthChecker(registry);
  const listeners = new Map<string, StreamListener>();
  const counters = new Map<string, StreamCounters>();
  let configured: StreamConfig[] = [];
  let errors: ObjectError[] = [];
  let applying: Promise<void> = Promise.resolve();
  const countersOf = (id: string) => {
    let c = counters.get(id);
    if (!c) counters.set(id, (c = newCounters()));
    return c;
  };
  const context = { countersOf, log };
  // Streams on the HTTPS entrypoint: their names, first stream first.
  let passthrough: CompiledStream[] = [];
  const passthroughCounts = new ConnectionCounts();
  const passthroughOpen = new Set<net.Socket>();
  let settings = GlobalSettings.parse({});
  const frontRoutes: HttpsFrontRoutes = {
    proxyProtocol: () => proxyProtocolPolicy(settings, 'https'),
    log,
    active: () => passthrough.length > 0,
    route(serverName) {
      for (const stream of passthrough) {
        const pool = stream.route(serverName);
        if (pool) return { stream, pool };
      }
      return null;
    },
    prereadTimeoutMs: () => Math.min(...passthrough.map((s) => s.config.prereadTimeoutMs)),
    passthrough(socket: net.Socket, route: PassthroughRoute, head: Buffer) {
      passthroughOpen.add(socket);
      socket.once('close', () => passthroughOpen.delete(socket));
      void handleTcpConnection(socket, route.stream, { counts: passthroughCounts, counters: countersOf(route.stream.config.id), log, opened: () => {}, closed: () => {} }, { pool: route.pool, head });
    },
  };

  async function applyNow(config: LoadedConfig): Promise<void> {
    const streams = config.streams ?? [];
    const pools = new Map<string, PoolConfig>((config.pools ?? []).map((p) => [p.id, p]));
    const guard = !config.settings.allowLinkLocalUpstreams;
    const nextErrors: ObjectError[] = [];
    const wanted = new Map<string, CompiledStream>();
    const nextPassthrough: CompiledStream[] = [];
    const certificates = streams.some((s) => s.tls.terminate) && options.openKey ? loadStreamCertificates(config.certificates ?? [], options.openKey) : null;
    for (const stream of streams) {
      if (!stream.enabled) continue;
      try {
        const compiled = compileStream(stream, pools, registry, guard, certificates);
        if (stream.entrypoint) nextPassthrough.push(compiled);
        else wanted.set(keyOf(stream), compiled);
      } catch (error) {
        nextErrors.push(errorOf(stream, error));
      }
    }
    for (const [key, listener] of listeners) {
      if (wanted.has(key)) continue;
      listeners.delete(key);
      void listener.close(drainMs);
    }
    await Promise.all(
      [...wanted].map(async ([key, compiled]) => {
        const existing = listeners.get(key);
        if (existing) {
          existing.stream = compiled;
          return;
        }
        const { protocol, listenPort } = compiled.config;
        const port = listenPort!;
        const listener = protocol === 'udp' ? new UdpStreamListener(port, options.host, compiled, context) : new TcpStreamListener(port, options.host, compiled, context);
        try {
          await listener.listen();
          listeners.set(key, listener);
        } catch (error) {
          nextErrors.push(errorOf(compiled.config, error));
        }
      }),
    );
    passthrough = nextPassthrough;
    settings = config.settings;
    const live = [...[...listeners.values()].map((l) => l.stream), ...passthrough];
    health.update(live.filter((s) => s.config.protocol === 'tcp').flatMap((s) => s.pools));
    registry.retain(live.flatMap((s) => s.keys));
    const ids = new Set(streams.map((s) => s.id));
    for (const id of counters.keys()) if (!ids.has(id)) counters.delete(id);
    configured = streams;
    errors = nextErrors;
  }

  return {
    apply(config) {
      // Applies run one after another: two binding the same port at once would collide.
      // A failed apply is reported to its caller, and never stops the ones after it.
      const next = applying.catch(() => undefined).then(() => applyNow(config));
      applying = next;
      return next;
    },
    errors: () => errors,
    status() {
      const live = new Map<string, { bytesIn: number; bytesOut: number }>();
      for (const listener of listeners.values()) {
        if (listener instanceof UdpStreamListener) continue;
        listener.liveBytes((id, bytesIn, bytesOut) => {
          const entry = live.get(id) ?? { bytesIn: 0, bytesOut: 0 };
          entry.bytesIn += bytesIn;
          entry.bytesOut += bytesOut;
          live.set(id, entry);
        });
      }
      return configured.map((stream) => {
        const c = countersOf(stream.id);
        const listening = stream.entrypoint ? passthrough.some((s) => s.config.id === stream.id) : listeners.get(keyOf(stream))?.stream.config.id === stream.id;
        const extra = live.get(stream.id) ?? { bytesIn: 0, bytesOut: 0 };
        return {
          id: stream.id,
          name: stream.name,
          protocol: stream.protocol,
          listenPort: stream.listenPort,
          entrypoint: stream.entrypoint,
          listening,
          error: errors.find((e) => e.objectId === stream.id)?.message ?? null,
          active: c.active,
          sessions: c.sessions,
          accepted: c.accepted,
          denied: c.denied,
          limited: c.limited,
          upstreamFailed: c.upstreamFailed,
          bytesIn: c.bytesIn + extra.bytesIn,
          bytesOut: c.bytesOut + extra.bytesOut,
          meanDurationMs: c.closed === 0 ? null : Math.round(c.durationMsTotal / c.closed),
          closed: c.closed,
          durationMsTotal: c.durationMsTotal,
        };
      });
    },
    trace(input) {
      const name = input.serverName?.toLowerCase().replace(/\.$/, '') ?? null;
      const poolView = (pool: NonNullable<CompiledStream['pool']>) => ({ name: pool.name, algorithm: pool.algorithm, servers: pool.peers.map((p) => p.address) });
      if (input.entrypoint) {
        const hit = frontRoutes.route(name);
        if (!hit) return { stream: null, reason: `no stream passes ${name === null ? 'connections without SNI' : `"${name}"`} through: Portico terminates TLS and routes the request to a host`, via: 'terminated', allowed: null, pool: null };
        return { stream: { id: hit.stream.config.id, name: hit.stream.config.name }, reason: `stream ${hit.stream.config.name} passes "${name}" through`, via: 'sni', allowed: hit.stream.allowed(input.clientIp), pool: poolView(hit.pool) };
      }
      const listener = listeners.get(`${input.protocol}:${input.port}`);
      if (!listener) {
        const configuredHere = configured.find((s) => s.protocol === input.protocol && s.listenPort === input.port);
        const why = configuredHere ? (errors.find((e) => e.objectId === configuredHere.id)?.message ?? (configuredHere.enabled ? 'not listening' : 'disabled')) : 'no stream listens there';
        return { stream: configuredHere ? { id: configuredHere.id, name: configuredHere.name } : null, reason: `${input.protocol.toUpperCase()} port ${input.port}: ${why}`, via: null, allowed: null, pool: null };
      }
      const stream = listener.stream;
      const routed = stream.preread ? stream.route(name) : null;
      const pool = routed ?? stream.pool;
      const via = routed ? 'sni' : pool ? 'default' : null;
      const reason = routed ? `stream ${stream.config.name}: the SNI route for "${name}"` : pool ? `stream ${stream.config.name}${stream.preread ? `: no SNI route for ${name === null ? 'a connection without SNI' : `"${name}"`}, the default target` : ''}` : `stream ${stream.config.name}: no route for ${name === null ? 'a connection without SNI' : `"${name}"`} and no default: the connection is closed`;
      return { stream: { id: stream.config.id, name: stream.config.name }, reason, via, allowed: stream.allowed(input.clientIp), pool: pool ? poolView(pool) : null };
    },
    httpsFront: (tlsServer) => createHttpsFront(tlsServer, frontRoutes),
    httpFront: (httpServer) => createProxyProtocolFront(httpServer, () => proxyProtocolPolicy(settings, 'http'), log),
    async stop() {
      await applying.catch(() => {});
      health.stop();
      for (const socket of passthroughOpen) socket.destroy();
      const all = [...listeners.values()];
      listeners.clear();
      await Promise.all(all.map((l) => l.close(0)));
    },
  };
}
