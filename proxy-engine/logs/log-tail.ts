// Live tail of the access log over SSE. Each subscriber has a bounded queue: a client
// that does not keep up loses lines (and is told how many), it never grows the engine.
import type { ServerResponse } from 'node:http';

const MAX_QUEUED_BYTES = 256 * 1024;
const MAX_SUBSCRIBERS = 32;

interface Subscriber {
  res: ServerResponse;
  filter: (line: string) => boolean;
  dropped: number;
}

export class LogTail {
  readonly #subscribers = new Set<Subscriber>();

  attach(res: ServerResponse, filter: (line: string) => boolean = () => true): boolean {
    if (this.#subscribers.size >= MAX_SUBSCRIBERS) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"busy","message":"too many log tails"}}');
      return false;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': tail\n\n');
    const sub: Subscriber = { res, filter, dropped: 0 };
    this.#subscribers.add(sub);
    res.on('close', () => this.#subscribers.delete(sub));
    return true;
  }

  /** Whether anyone follows the tail (so a caller can skip preparing lines for nobody). */
  get listening(): boolean {
    return this.#subscribers.size > 0;
  }

  publish(line: string): void {
    for (const sub of this.#subscribers) {
      if (!sub.filter(line)) continue;
      if (sub.res.writableLength > MAX_QUEUED_BYTES) {
        sub.dropped++;
        continue;
      }
      if (sub.dropped > 0) {
        sub.res.write(`event: dropped\ndata: ${sub.dropped}\n\n`);
        sub.dropped = 0;
      }
      sub.res.write(`data: ${line}\n\n`);
    }
  }

  closeAll(): void {
    for (const sub of this.#subscribers) sub.res.end();
    this.#subscribers.clear();
  }
}
