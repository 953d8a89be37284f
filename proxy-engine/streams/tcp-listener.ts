// One TCP port of the streams: the server socket, the compiled stream new connections
// get (swapped on apply, never re-bound), and the connections open on it — so a removed
// stream can stop accepting, let them finish, and cut what is left after a bound.
import net from 'node:net';
import type { CompiledStream } from './compile-stream.ts';
import { ConnectionCounts, type StreamCounters } from './stream-counters.ts';
import { handleTcpConnection } from './tcp-session.ts';

export interface ListenerContext {
  /** The counters of a stream id (they outlive a change of the stream). */
  countersOf(streamId: string): StreamCounters;
  log(message: string): void;
}

export class TcpStreamListener {
  readonly port: number;
  readonly host: string;
  stream: CompiledStream;
  readonly #server: net.Server;
  readonly #counts = new ConnectionCounts();
  /** Open connections: client → upstream (null while the upstream is being reached). */
  readonly #open = new Map<net.Socket, { streamId: string; upstream: net.Socket | null }>();
  #drainTimer: NodeJS.Timeout | null = null;

  constructor(port: number, host: string, stream: CompiledStream, context: ListenerContext) {
    this.port = port;
    this.host = host;
    this.stream = stream;
    this.#server = net.createServer({ noDelay: true }, (client) => {
      const current = this.stream;
      const streamId = current.config.id;
      this.#open.set(client, { streamId, upstream: null });
      client.once('close', () => this.#open.delete(client));
      void handleTcpConnection(client, current, {
        counts: this.#counts,
        counters: context.countersOf(streamId),
        log: context.log,
        opened: (c, upstream) => {
          if (this.#open.has(c)) this.#open.set(c, { streamId, upstream });
        },
        closed: (c) => this.#open.delete(c),
      });
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ port: this.port, host: this.host }, () => {
        this.#server.off('error', reject);
        // Later errors (EMFILE while accepting) must not crash the engine.
        this.#server.on('error', () => {});
        resolve();
      });
    });
  }

  /** Bytes moved so far by connections still open, per stream id. */
  liveBytes(add: (streamId: string, bytesIn: number, bytesOut: number) => void): void {
    for (const [client, { streamId }] of this.#open) add(streamId, client.bytesRead, client.bytesWritten);
  }

  get openConnections(): number {
    return this.#open.size;
  }

  /** Stops accepting at once; open connections finish by themselves or are cut after `drainMs`. */
  close(drainMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#open.size === 0) return closed;
    const cut = () => {
      for (const [client, { upstream }] of this.#open) {
        client.destroy();
        upstream?.destroy();
      }
    };
    if (drainMs <= 0) cut();
    else {
      this.#drainTimer = setTimeout(cut, drainMs);
      this.#drainTimer.unref();
    }
    return closed.then(() => {
      if (this.#drainTimer) clearTimeout(this.#drainTimer);
    });
  }
}
