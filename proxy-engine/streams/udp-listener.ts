// One UDP port of the streams: a datagram socket, the compiled stream new sessions get
// (swapped on apply), and the open sessions by client address and port. A removed stream
// stops taking new clients at once, lets its sessions end by themselves (responses or
// proxy_timeout) and closes the port when they have, or after the drain bound.
import dgram from 'node:dgram';
import type { CompiledStream } from './compile-stream.ts';
import type { ListenerContext } from './tcp-listener.ts';
import { ConnectionCounts } from './stream-counters.ts';
import { UdpSession } from './udp-session.ts';

export class UdpStreamListener {
  readonly port: number;
  readonly host: string;
  stream: CompiledStream;
  readonly #socket: dgram.Socket;
  readonly #sessions = new Map<string, { session: UdpSession; leave: () => void; started: number; streamId: string }>();
  readonly #counts = new ConnectionCounts();
  readonly #context: ListenerContext;
  #closing: (() => void) | null = null;

  constructor(port: number, host: string, stream: CompiledStream, context: ListenerContext) {
    this.port = port;
    this.host = host;
    this.stream = stream;
    this.#context = context;
    this.#socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    this.#socket.on('message', (datagram, rinfo) => this.#datagram(datagram, rinfo));
  }

  #datagram(datagram: Buffer, rinfo: dgram.RemoteInfo): void {
    const key = `${rinfo.address}|${rinfo.port}`;
    const open = this.#sessions.get(key);
    if (open) return open.session.send(datagram);
    if (this.#closing) return;
    const stream = this.stream;
    const { config } = stream;
    const counters = this.#context.countersOf(config.id);
    const clientIp = rinfo.address.startsWith('::ffff:') && rinfo.address.includes('.') ? rinfo.address.slice(7) : rinfo.address;
    if (!stream.allowed(clientIp)) {
      counters.denied++;
      this.#context.log(`stream ${config.name}: access forbidden by rule, udp client: ${clientIp}`);
      return;
    }
    if ((config.limits.perClient !== 0 && this.#counts.of(clientIp) >= config.limits.perClient) || (config.limits.total !== 0 && this.#counts.total >= config.limits.total)) {
      counters.limited++;
      this.#context.log(`stream ${config.name}: limiting connections, udp client: ${clientIp}`);
      return;
    }
    counters.accepted++;
    counters.sessions++;
    const leave = this.#counts.enter(clientIp);
    const reply = (response: Buffer) => this.#socket.send(response, rinfo.port, rinfo.address);
    const session = new UdpSession(key, clientIp, stream, counters, reply, () => {
      this.#sessions.delete(key);
      leave();
      counters.sessions--;
      counters.closed++;
      counters.durationMsTotal += performance.now() - entry.started;
      if (this.#closing && this.#sessions.size === 0) this.#closing();
    }, this.#context.log);
    const entry = { session, leave, started: performance.now(), streamId: config.id };
    if (!session.ended) this.#sessions.set(key, entry);
    session.send(datagram);
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#socket.once('error', reject);
      this.#socket.bind({ port: this.port, address: this.host }, () => {
        this.#socket.off('error', reject);
        this.#socket.on('error', () => {});
        resolve();
      });
    });
  }

  get openConnections(): number {
    return this.#sessions.size;
  }

  close(drainMs: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        for (const { session } of [...this.#sessions.values()]) session.end();
        this.#socket.close(() => resolve());
      };
      this.#closing = finish;
      const timer = setTimeout(finish, drainMs);
      timer.unref();
      if (this.#sessions.size === 0) finish();
    });
  }
}
