// An append-only JSON-lines file with buffered, asynchronous writes and size-based rotation
// (file → file.1 → … → file.N). Writes never block the event loop: lines are queued, and
// flushed once a second or when the buffer fills, through one open file handle, one write
// after another. A full disk drops lines and says so.
//
// Rotated by something else (logrotate renames the file, then sends SIGUSR1, as it does for
// nginx): reopen() closes the handle, which still points at the renamed file, and the next
// write creates the file afresh under its name.
import fs from 'node:fs';
import fsp from 'node:fs/promises';

export interface LogFileOptions {
  maxBytes: number;
  keep: number;
  flushMs?: number;
  bufferBytes?: number;
  /** Told when lines were dropped (a full disk); default: a process warning. */
  warn?: (message: string) => void;
}

export class LogFile {
  readonly path: string;
  readonly #options: Required<LogFileOptions>;
  #pending: string[] = [];
  #pendingBytes = 0;
  #size: number;
  #timer: NodeJS.Timeout;
  #dropped = 0;
  #handle: fsp.FileHandle | null = null;
  /** Every write, rotation and reopen in order: the file only ever sees one at a time. */
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string, options: LogFileOptions) {
    this.path = path;
    this.#options = { flushMs: 1000, bufferBytes: 64 * 1024, warn: (message) => process.emitWarning(message), ...options };
    try {
      this.#size = fs.statSync(path).size;
    } catch {
      this.#size = 0;
    }
    this.#timer = setInterval(() => void this.flush(), this.#options.flushMs);
    this.#timer.unref();
  }

  append(line: string): void {
    this.#pending.push(line);
    this.#pendingBytes += line.length + 1;
    if (this.#pendingBytes >= this.#options.bufferBytes) void this.flush();
  }

  /** Resolves once every line appended so far is in the file (or counted as dropped). */
  flush(): Promise<void> {
    if (this.#pending.length > 0) {
      const text = `${this.#pending.join('\n')}\n`;
      const lines = this.#pending.length;
      this.#pending = [];
      this.#pendingBytes = 0;
      this.#enqueue(() => this.#write(text, lines));
    }
    return this.#queue;
  }

  /** Closes the file and opens it again by name at the next write (logrotate's SIGUSR1). */
  reopen(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#closeHandle();
      this.#size = await fsp.stat(this.path).then((s) => s.size, () => 0);
    });
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(step, step);
    return this.#queue;
  }

  async #write(text: string, lines: number): Promise<void> {
    // Encoded here, once: handed a string, the file write encodes it again on the event
    // loop through a slower path (and Buffer.byteLength was one more pass over the text);
    // measured under a cache-HIT load: 4.4 % → 2.9 % of the engine's busy time.
    const bytes = Buffer.from(text, 'utf8');
    try {
      if (this.#size + bytes.length > this.#options.maxBytes) await this.#rotate();
      this.#handle ??= await fsp.open(this.path, 'a', 0o600);
      await this.#handle.write(bytes);
      this.#size += bytes.length;
      if (this.#dropped > 0) {
        this.#options.warn(`${this.#dropped} log line(s) were dropped while ${this.path} could not be written`);
        this.#dropped = 0;
      }
    } catch {
      this.#dropped += lines;
      // A handle that failed may be stale (a removed directory, a full disk): open afresh next time.
      await this.#closeHandle();
    }
  }

  async #rotate(): Promise<void> {
    await this.#closeHandle();
    for (let i = this.#options.keep - 1; i >= 1; i--) await fsp.rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(() => undefined);
    await fsp.rename(this.path, `${this.path}.1`).catch(() => undefined);
    await fsp.rm(`${this.path}.${this.#options.keep + 1}`, { force: true });
    this.#size = 0;
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close().catch(() => undefined);
  }

  /** The files, newest first. */
  files(): string[] {
    return [this.path, ...Array.from({ length: this.#options.keep }, (_, i) => `${this.path}.${i + 1}`)].filter((f) => fs.existsSync(f));
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
    await this.#enqueue(() => this.#closeHandle());
  }
}
