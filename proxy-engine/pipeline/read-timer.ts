// proxy_read_timeout on time. undici runs its headers and body timeouts on a shared
// timer that ticks about twice a second (cheap for many requests, but a 300 ms timeout
// fires 0.5–1 s late); a short timeout gets a timer of its own instead, armed once the
// request has been sent and re-armed on every read, as nginx's read timer is.
import type { Readable } from 'node:stream';
import { errors } from 'undici';

/** Timeouts below this are timed here; longer ones are left to undici (they are at most a second late, relatively little). */
const PRECISE_READ_TIMEOUT_BELOW_MS = 5000;

export function usesOwnReadTimer(readTimeoutMs: number): boolean {
  return readTimeoutMs > 0 && readTimeoutMs < PRECISE_READ_TIMEOUT_BELOW_MS;
}

export class ReadTimer {
  readonly #ms: number;
  readonly #fire: (error: Error) => void;
  #timer: NodeJS.Timeout | null = null;
  #headersSeen = false;
  #stopped = false;

  /** `fire` gets undici's own timeout error, so it is classified as undici's would be (504). */
  constructor(ms: number, fire: (error: Error) => void) {
    this.#ms = ms;
    this.#fire = fire;
  }

  /** Starts counting once `body` (if it is a stream) has been read to its end: a slow upload is not the upstream's delay. */
  startAfter(body: Buffer | Readable | AsyncIterable<Buffer> | null): void {
    // A chunked source (ClientBody.chunkedSource) names the stream it reads.
    const stream = (body as { source?: Readable } | null)?.source ?? body;
    if (stream && typeof (stream as Readable).once === 'function' && !Buffer.isBuffer(stream)) {
      const readable = stream as Readable;
      if (readable.readableEnded) this.#arm();
      else readable.once('end', () => this.#arm());
      return;
    }
    this.#arm();
  }

  /** A read from the upstream: the headers, or a piece of the body. */
  read(headers: boolean): void {
    if (headers) this.#headersSeen = true;
    this.#arm();
  }

  /** The upstream is not being read (the client is behind): nothing to time until it is again. */
  pause(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(): void {
    if (this.#stopped) return;
    if (this.#timer) {
      this.#timer.refresh();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped) return;
      this.#stopped = true;
      this.#fire(this.#headersSeen ? new errors.BodyTimeoutError() : new errors.HeadersTimeoutError());
    }, this.#ms);
  }
}
