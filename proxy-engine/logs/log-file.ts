// An append-only JSON-lines file with buffered writes and size-based rotation
// (file → file.1 → … → file.N). Writes never block a request: lines are queued and
// flushed once a second or when the buffer fills; a full disk drops lines and says so.
import fs from 'node:fs';

export interface LogFileOptions {
  maxBytes: number;
  keep: number;
  flushMs?: number;
  bufferBytes?: number;
}

export class LogFile {
  readonly path: string;
  readonly #options: Required<LogFileOptions>;
  #pending: string[] = [];
  #pendingBytes = 0;
  #size: number;
  #timer: NodeJS.Timeout;
  #dropped = 0;

  constructor(path: string, options: LogFileOptions) {
    this.path = path;
    this.#options = { flushMs: 1000, bufferBytes: 64 * 1024, ...options };
    try {
      this.#size = fs.statSync(path).size;
    } catch {
      this.#size = 0;
    }
    this.#timer = setInterval(() => this.flush(), this.#options.flushMs);
    this.#timer.unref();
  }

  append(line: string): void {
    this.#pending.push(line);
    this.#pendingBytes += line.length + 1;
    if (this.#pendingBytes >= this.#options.bufferBytes) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    const text = `${this.#pending.join('\n')}\n`;
    this.#pending = [];
    this.#pendingBytes = 0;
    try {
      if (this.#size + text.length > this.#options.maxBytes) this.#rotate();
      fs.appendFileSync(this.path, text, { mode: 0o600 });
      this.#size += Buffer.byteLength(text);
      if (this.#dropped > 0) {
        process.emitWarning(`${this.#dropped} log line(s) were dropped while ${this.path} could not be written`);
        this.#dropped = 0;
      }
    } catch {
      this.#dropped += text.split('\n').length - 1;
    }
  }

  #rotate(): void {
    for (let i = this.#options.keep - 1; i >= 1; i--) {
      try {
        fs.renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch {
        // not there yet
      }
    }
    try {
      fs.renameSync(this.path, `${this.path}.1`);
    } catch {
      // nothing to rotate
    }
    fs.rmSync(`${this.path}.${this.#options.keep + 1}`, { force: true });
    this.#size = 0;
  }

  /** The files, newest first. */
  files(): string[] {
    return [this.path, ...Array.from({ length: this.#options.keep }, (_, i) => `${this.path}.${i + 1}`)].filter((f) => fs.existsSync(f));
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }
}
