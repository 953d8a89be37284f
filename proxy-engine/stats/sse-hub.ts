// Fan-out of the one-second snapshots to Server-Sent Events clients on plain node:http
// responses.
//
// A subscriber is only a cursor into the shared ring: nothing is queued per client.
// While its socket accepts data it gets each new snapshot at once; when a write says
// the socket is full it gets nothing more until 'drain', then catches up from the ring
// (jumping to the oldest kept entry if it fell more than 15 minutes behind: the ids
// show the gap). So a slow client holds at most the socket's buffer plus one event,
// and one that stays stalled past stallTimeoutMs is dropped; its EventSource
// reconnects with Last-Event-ID and resumes from the ring.
import type { ServerResponse } from 'node:http';
import type { SnapshotRing } from './ring.ts';

export interface SseHubOptions {
  ring: SnapshotRing;
  /** Drop a subscriber whose socket has not drained for this long (default 30 s). */
  stallTimeoutMs?: number;
  /** Reconnection delay suggested to EventSource clients (default 2 s). */
  retryMs?: number;
  /** More clients than this are refused with 503 (default 100). */
  maxSubscribers?: number;
  /** Clock for stall detection (tests inject one). */
  now?: () => number;
}

interface Subscriber {
  res: ServerResponse;
  /** The next sequence number to send. */
  next: number;
  /** Waiting for 'drain' since stalledAt. */
  waiting: boolean;
  stalledAt: number;
}

export class SseHub {
  readonly #ring: SnapshotRing;
  readonly #stallTimeoutMs: number;
  readonly #retryMs: number;
  readonly #maxSubscribers: number;
  readonly #now: () => number;
  readonly #subscribers = new Set<Subscriber>();

  constructor(options: SseHubOptions) {
    this.#ring = options.ring;
    this.#stallTimeoutMs = options.stallTimeoutMs ?? 30_000;
    this.#retryMs = options.retryMs ?? 2000;
    this.#maxSubscribers = options.maxSubscribers ?? 100;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#subscribers.size;
  }

  /** Bytes waiting in subscribers' response buffers (for tests and /metrics). */
  bufferedBytes(): number {
    let total = 0;
    for (const sub of this.#subscribers) total += sub.res.writableLength;
    return total;
  }

  /**
   * Serve the event stream on `res`. `lastEventId` is the request's Last-Event-ID
   * header: the client gets every kept snapshot after it. Without one it gets the
   * newest snapshot at once, then each new one; "0" replays the whole ring (history
   * for a chart). Returns false when refused.
   */
  attach(res: ServerResponse, lastEventId?: string | null): boolean {
    if (this.#subscribers.size >= this.#maxSubscribers) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('too many statistics subscribers\n');
      return false;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Tells nginx (or Portico itself) in front not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${this.#retryMs}\n\n`);
    const sub: Subscriber = { res, next: this.#firstSeq(lastEventId), waiting: false, stalledAt: 0 };
    this.#subscribers.add(sub);
    res.once('close', () => this.#subscribers.delete(sub));
    // A reset connection also reports an error; 'close' does the cleanup.
    res.on('error', () => {});
    this.#pump(sub);
    return true;
  }

  /** Send what is new in the ring; call after each ring push (aggregator.subscribe). */
  publish(): void {
    const now = this.#now();
    for (const sub of this.#subscribers) {
      if (sub.waiting) {
        if (now - sub.stalledAt >= this.#stallTimeoutMs) this.#drop(sub);
        continue;
      }
      this.#pump(sub);
    }
  }

  /** End every stream (engine shutdown). */
  closeAll(): void {
    for (const sub of this.#subscribers) sub.res.end();
    this.#subscribers.clear();
  }

  #firstSeq(lastEventId: string | null | undefined): number {
    const newest = this.#ring.newestSeq;
    if (lastEventId == null || !/^\d{1,15}$/.test(lastEventId.trim())) return newest === -1 ? 0 : newest;
    const last = Number(lastEventId.trim());
    // An id from the future (another process, a skewed clock): start live.
    return last >= newest ? newest + 1 : last + 1;
  }

  #pump(sub: Subscriber): void {
    const ring = this.#ring;
    while (!sub.waiting && sub.next <= ring.newestSeq) {
      if (sub.next < ring.oldestSeq) sub.next = ring.oldestSeq;
      const entry = ring.get(sub.next)!;
      sub.next++;
      if (!sub.res.write(`id: ${entry.seq}\ndata: ${entry.json}\n\n`)) {
        sub.waiting = true;
        sub.stalledAt = this.#now();
        sub.res.once('drain', () => {
          sub.waiting = false;
          if (this.#subscribers.has(sub)) this.#pump(sub);
        });
      }
    }
  }

  #drop(sub: Subscriber): void {
    this.#subscribers.delete(sub);
    // destroy, not end: end would wait behind the data the client is not reading.
    sub.res.destroy();
  }
}
