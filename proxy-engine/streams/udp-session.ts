// One client of a UDP stream (nginx's UDP session): the client's address and port are the
// session; its datagrams go to one upstream server over a socket of its own, and the
// upstream's datagrams go back to the client through the stream's port. The session ends
// after `responses` datagrams per client datagram (proxy_responses), after proxy_timeout
// without a datagram either way, or when the upstream refuses (an ICMP port unreachable).
import dgram from 'node:dgram';
import { promisify } from 'node:util';
import { guardedLookup } from '../../core/net/guarded-connect.ts';
import type { Peer } from '../balancer/types.ts';
import type { CompiledStream } from './compile-stream.ts';
import type { StreamCounters } from './stream-counters.ts';

const lookup = promisify((host: string, callback: (error: Error | null, result?: { address: string; family: number }) => void) =>
  guardedLookup(host, { all: false }, (error, address, family) => callback(error, error ? undefined : { address: address as string, family: family ?? 4 })),
);

/** Datagrams a session holds while its upstream socket is being opened. */
const MAX_PENDING = 64;

export interface UdpReply {
  (datagram: Buffer): void;
}

export class UdpSession {
  readonly key: string;
  readonly clientIp: string;
  readonly #stream: CompiledStream;
  readonly #counters: StreamCounters;
  readonly #reply: UdpReply;
  readonly #onEnd: (session: UdpSession) => void;
  readonly #log: (message: string) => void;
  #socket: dgram.Socket | null = null;
  #peer: Peer | null = null;
  #pending: Buffer[] = [];
  /** Responses still expected (proxy_responses × datagrams sent), or Infinity. */
  #expected = 0;
  #timer: NodeJS.Timeout | null = null;
  #ended = false;
  #failed = false;

  constructor(key: string, clientIp: string, stream: CompiledStream, counters: StreamCounters, reply: UdpReply, onEnd: (session: UdpSession) => void, log: (message: string) => void) {
    this.key = key;
    this.clientIp = clientIp;
    this.#stream = stream;
    this.#counters = counters;
    this.#reply = reply;
    this.#onEnd = onEnd;
    this.#log = log;
    this.#touch();
    // After the constructor: the listener registers the session before it can end.
    queueMicrotask(() => void this.#open());
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** A datagram from the client. */
  send(datagram: Buffer): void {
    if (this.#ended) return;
    this.#counters.bytesIn += datagram.length;
    const responses = this.#stream.config.responses;
    this.#expected = responses === null ? Infinity : this.#expected + responses;
    this.#touch();
    if (this.#socket) this.#socket.send(datagram, () => this.#sent());
    else if (this.#pending.length < MAX_PENDING) this.#pending.push(datagram);
  }

  async #open(): Promise<void> {
    const { config } = this.#stream;
    const pool = this.#stream.pool;
    const picked = pool === null ? ({ error: 'no_live_upstreams' } as const) : pool.pick({ clientIp: this.clientIp, uri: '', header: () => undefined, cookie: () => undefined });
    if ('error' in picked) {
      this.#log(`stream ${config.name}: no live upstreams while connecting to upstream, udp client: ${this.clientIp}`);
      this.#counters.upstreamFailed++;
      return this.end();
    }
    this.#peer = picked;
    try {
      if (picked.kind !== 'tcp') throw new Error('a UDP stream cannot send to a unix socket');
      const target = this.#stream.guardUpstreams ? await lookup(picked.host) : { address: picked.host, family: picked.host.includes(':') ? 6 : 4 };
      const socket = dgram.createSocket(target!.family === 6 ? 'udp6' : 'udp4');
      socket.on('message', (datagram) => this.#response(datagram));
      socket.on('error', (error) => {
        this.#failed = true;
        this.#log(`stream ${config.name}: ${error.message} while proxying to upstream ${picked.address}, udp client: ${this.clientIp}`);
        this.end();
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(picked.port, target!.address, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      if (this.#ended) return void socket.close();
      this.#socket = socket;
      const pending = this.#pending;
      this.#pending = [];
      for (const datagram of pending) socket.send(datagram, () => this.#sent());
    } catch (error) {
      this.#failed = true;
      this.#counters.upstreamFailed++;
      this.#log(`stream ${config.name}: ${(error as Error).message} while connecting to upstream ${picked.address}, udp client: ${this.clientIp}`);
      this.end();
    }
  }

  /** proxy_responses 0: nothing comes back, the session ends once the datagram is out. */
  #sent(): void {
    if (this.#stream.config.responses === 0 && this.#pending.length === 0) this.end();
  }

  #response(datagram: Buffer): void {
    if (this.#ended) return;
    this.#counters.bytesOut += datagram.length;
    this.#reply(datagram);
    this.#touch();
    if (--this.#expected <= 0) this.end();
  }

  #touch(): void {
    if (this.#timer) this.#timer.refresh();
    else {
      this.#timer = setTimeout(() => this.end(), this.#stream.config.idleTimeoutMs);
      this.#timer.unref();
    }
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#socket?.close();
    this.#peer?.release(this.#failed ? 'failure' : 'success');
    this.#onEnd(this);
  }
}
