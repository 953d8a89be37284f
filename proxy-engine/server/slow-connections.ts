// Per-address limits on slow connections, in place of a cap on all connections (which let
// a slowloris lock a whole NAT or CDN address out). A connection is slow once it has
// waited longer than `headerGraceMs` for a request header (from accept, TLS handshake
// included, to its first request; on a keep-alive connection from the first byte of the
// next request to the end of its header), or while its request body trickles in (under
// `trickleBytes` per check for `trickleChecks` checks in a row, counted only while
// Portico reads the body: an upstream slow to take it never makes its client look slow).
// Connections busy with a request, idle between requests, upgraded or carrying HTTP/2
// streams are never slow, nor is a new connection within its grace (a healthy client
// sends its header within a round trip): an address full of healthy clients is never
// refused. Past an address's limit, the connections slow the longest are closed: a
// slowloris pushes out its own stalled connections, while a healthy client from the same
// address gets in and is served. Node's headersTimeout still ends each after 30 s.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { connectionAddress } from './client-address.ts';

export interface SlowConnectionLimits {
  /** Slow connections one address may hold. */
  perAddress: number;
  /** How often connections are looked at. */
  checkIntervalMs: number;
  /** Waiting longer than this for a request header makes a connection slow. */
  headerGraceMs: number;
  /** A body is trickling after this many checks in a row … */
  trickleChecks: number;
  /** … each with fewer new bytes than this. */
  trickleBytes: number;
}

type Phase = 'header' | 'request' | 'idle' | 'handed-over';

interface Tracked {
  key: string;
  address: string;
  socket: Socket;
  phase: Phase;
  slow: boolean;
  /** When the current phase began (header: when the connection began waiting for one). */
  since: number;
  /** Orders slow connections: the one slow the longest is closed first. */
  slowSince: number;
  /** socket.bytesRead at the last check (or at the end of the last answer). */
  mark: number;
  req: IncomingMessage | null;
  quietChecks: number;
  /** No longer in #byKey (closed or evicted): a cached reference must not be used. */
  forgotten: boolean;
}

/** What identifies one connection on either of its sockets (the TCP one, and TLS over it). */
interface ConnectionEnds {
  remoteAddress?: string | undefined;
  remotePort?: number | undefined;
  localPort?: number | undefined;
}

const keyOf = (s: ConnectionEnds) => `${s.remoteAddress}|${s.remotePort}|${s.localPort}`;

/**
 * The tracked entry, kept on the socket itself once found: every request looked it up by
 * its address key (a string built from three socket getters and a map lookup, twice per
 * request: 1.4 % of the engine's busy time under load). The key stays the identity;
 * this is only its cache.
 */
const TRACKED = Symbol('portico.slowConnection');
type Marked = ConnectionEnds & { [TRACKED]?: Tracked };

export class SlowConnections {
  readonly #limits: SlowConnectionLimits;
  readonly #byKey = new Map<string, Tracked>();
  readonly #slowByAddress = new Map<string, Set<Tracked>>();
  readonly #timer: NodeJS.Timeout;
  readonly #now: () => number;
  /** Connections closed for their address's limit (for tests and logs). */
  evicted = 0;

  constructor(limits: SlowConnectionLimits, now: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#now = now;
    this.#timer = setInterval(() => this.check(), limits.checkIntervalMs);
    this.#timer.unref();
  }

  /** A TCP connection was accepted: it waits for its first request. */
  accepted(socket: Socket): void {
    const tracked: Tracked = {
      key: keyOf(socket),
      address: connectionAddress(socket),
      socket,
      phase: 'header',
      slow: false,
      since: this.#now(),
      slowSince: 0,
      mark: socket.bytesRead,
      req: null,
      quietChecks: 0,
      forgotten: false,
    };
    this.#byKey.set(tracked.key, tracked);
    (socket as Marked)[TRACKED] = tracked;
    socket.once('close', () => this.#forget(tracked));
  }

  /** A request's header arrived (on the TCP socket, or the TLS socket over it). */
  requestStarted(socket: ConnectionEnds, req: IncomingMessage): void {
    const tracked = this.#find(socket);
    if (!tracked || tracked.phase === 'handed-over') return;
    tracked.phase = 'request';
    tracked.req = req;
    tracked.mark = tracked.socket.bytesRead;
    tracked.quietChecks = 0;
    this.#setSlow(tracked, false);
  }

  /** The request's answer is done: the connection waits for the next one. */
  requestEnded(socket: ConnectionEnds, req: IncomingMessage): void {
    const tracked = this.#find(socket);
    if (!tracked || tracked.req !== req) return;
    tracked.phase = 'idle';
    tracked.req = null;
    tracked.mark = tracked.socket.bytesRead;
    this.#setSlow(tracked, false);
  }

  /** A WebSocket tunnel or an HTTP/2 session with a stream took the connection over. */
  handedOver(socket: ConnectionEnds): void {
    const tracked = this.#find(socket);
    if (!tracked) return;
    tracked.phase = 'handed-over';
    tracked.req = null;
    this.#setSlow(tracked, false);
  }

  /** Slow connections an address holds now. */
  slowCount(address: string): number {
    return this.#slowByAddress.get(address)?.size ?? 0;
  }

  /**
   * Connections waiting too long for a header become slow (an idle one starts waiting
   * when bytes of its next request arrive); so do trickling bodies. Past an address's
   * limit its longest-slow connections are closed.
   */
  check(): void {
    const { trickleBytes, trickleChecks, headerGraceMs } = this.#limits;
    const now = this.#now();
    for (const tracked of this.#byKey.values()) {
      const read = tracked.socket.bytesRead;
      if (tracked.phase === 'idle' && read > tracked.mark) {
        tracked.phase = 'header';
        tracked.since = now;
      }
      if (tracked.phase === 'header') {
        if (now - tracked.since >= headerGraceMs) this.#setSlow(tracked, true, tracked.since);
      } else if (tracked.phase === 'request' && tracked.req && !tracked.req.complete && tracked.req.readableFlowing === true) {
        tracked.quietChecks = read - tracked.mark < trickleBytes ? tracked.quietChecks + 1 : 0;
        this.#setSlow(tracked, tracked.quietChecks >= trickleChecks, now);
      }
      tracked.mark = read;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The connection's entry: cached on the socket (TCP, or the TLS socket over it) after the first lookup. */
  #find(socket: ConnectionEnds): Tracked | undefined {
    const marked = socket as Marked;
    const cached = marked[TRACKED];
    if (cached !== undefined && !cached.forgotten) return cached;
    const tracked = this.#byKey.get(keyOf(socket));
    if (tracked !== undefined) marked[TRACKED] = tracked;
    return tracked;
  }

  #setSlow(tracked: Tracked, slow: boolean, since = 0): void {
    if (tracked.slow === slow) return;
    tracked.slow = slow;
    let set = this.#slowByAddress.get(tracked.address);
    if (!slow) {
      set?.delete(tracked);
      if (set?.size === 0) this.#slowByAddress.delete(tracked.address);
      return;
    }
    tracked.slowSince = since;
    if (!set) this.#slowByAddress.set(tracked.address, (set = new Set()));
    set.add(tracked);
    while (set.size > this.#limits.perAddress) this.#evictOldest(set);
  }

  #evictOldest(set: Set<Tracked>): void {
    let oldest: Tracked | null = null;
    // Insertion order breaks ties: the connection that became slow last goes last.
    for (const t of set) if (oldest === null || t.slowSince < oldest.slowSince) oldest = t;
    this.#forget(oldest!);
    this.evicted++;
    oldest!.socket.destroy();
  }

  #forget(tracked: Tracked): void {
    tracked.forgotten = true;
    if (this.#byKey.get(tracked.key) === tracked) this.#byKey.delete(tracked.key);
    this.#setSlow(tracked, false);
  }
}

/** Follows a listener's connections (HTTP/1.1, and HTTP/2 sessions on the HTTPS one). */
export function watchConnections(server: import('node:net').Server, slow: SlowConnections): void {
  server.on('connection', (socket: Socket) => slow.accepted(socket));
  server.prependListener('request', (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    // Taken now: a finished request lets go of its socket (req.socket is null afterwards).
    const socket = req.socket;
    if (!socket) return;
    if (req.httpVersionMajor >= 2) return slow.handedOver(socket);
    slow.requestStarted(socket, req);
    // 'close' follows 'finish' on every response (a tick later) and also ends one whose
    // client left: one listener per request instead of two. `on`, not `once` (its wrapper
    // costs per request): requestEnded ignores a request that already ended.
    res.on('close', () => slow.requestEnded(socket, req));
  });
  server.prependListener('upgrade', (req: IncomingMessage) => {
    if (req.socket) slow.handedOver(req.socket);
  });
}
