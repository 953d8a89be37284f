// A small Redis/Valkey client over node:net, written for the request path: commands are
// pipelined on one connection (every command of one event-loop turn goes out in one
// write), a command never waits for a connection that is down (it fails at once, so the
// limit falls back or refuses without delaying the request), a server that stops
// answering is cut after `timeoutMs`, and the connection comes back by itself with
// back-off. Scripts run by EVALSHA, falling back to EVAL when the server answers
// NOSCRIPT (restarted, or SCRIPT FLUSH). A client made with `subscribe` is a subscriber
// connection: it (re)subscribes on every connect and hands messages to onMessage.
import net from 'node:net';
import crypto from 'node:crypto';
import type { RedisAddress } from './url.ts';
import { encodeCommand, RedisReplyError, ReplyParser, type RedisReply } from './resp.ts';

export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

export function defineScript(source: string): RedisScript {
  return { source, sha: crypto.createHash('sha1').update(source).digest('hex') };
}

export interface RedisClientOptions {
  /** A command unanswered this long cuts the connection (default 1000 ms). */
  timeoutMs?: number;
  /** Back-off between reconnection attempts: doubles from min to max (default 50 ms → 2 s). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Subscriber connection: these channels, subscribed again after every reconnect. */
  subscribe?: readonly string[];
  onMessage?: (channel: string, message: string) => void;
  /** The connection became usable (after AUTH, SELECT and SUBSCRIBE). */
  onUp?: () => void;
  /** The connection was lost or could not be made: why. Called once per outage. */
  onDown?: (reason: string) => void;
}

interface Pending {
  resolve: (reply: RedisReply) => void;
  reject: (error: Error) => void;
  sentAt: number;
}

export class RedisUnavailableError extends Error {
  constructor(reason: string) {
    super(`Redis unavailable: ${reason}`);
    this.name = 'RedisUnavailableError';
  }
}

export class RedisClient {
  readonly #address: RedisAddress;
  readonly #options: RedisClientOptions;
  readonly #timeoutMs: number;
  readonly #parser = new ReplyParser();
  #socket: net.Socket | null = null;
  #ready = false;
  #closed = false;
  #down = false;
  #pending: Pending[] = [];
  #head = 0;
  #outgoing: Buffer[] = [];
  #flushQueued = false;
  #backoffMs: number;
  #reconnectTimer: NodeJS.Timeout | null = null;
  readonly #watchdog: NodeJS.Timeout;
  #lastError = 'not connected yet';
  readonly #readyWaiters = new Set<() => void>();

  constructor(address: RedisAddress, options: RedisClientOptions = {}) {
    this.#address = address;
    this.#options = options;
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#backoffMs = options.reconnectMinMs ?? 50;
    this.#watchdog = setInterval(() => this.#checkTimeouts(), Math.max(50, Math.min(250, this.#timeoutMs / 4)));
    this.#watchdog.unref();
    this.#connect();
  }

  /** Whether commands can be sent now. */
  get ready(): boolean {
    return this.#ready;
  }

  get lastError(): string {
    return this.#lastError;
  }

  /** Resolves true once the connection is usable, false after `timeoutMs` (for callers off the request path). */
  whenReady(timeoutMs: number): Promise<boolean> {
    if (this.#ready) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#readyWaiters.delete(done);
        resolve(this.#ready);
      };
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      this.#readyWaiters.add(done);
    });
  }

  /** One command; rejects at once when the connection is down, with the server's error reply as RedisReplyError. */
  command(args: readonly (string | number)[]): Promise<RedisReply> {
    if (!this.#ready) return Promise.reject(new RedisUnavailableError(this.#lastError));
    return this.#send(args);
  }

  /** Runs a script by its SHA1, loading it with EVAL when the server does not have it. */
  async evalScript(script: RedisScript, keys: readonly string[], args: readonly (string | number)[]): Promise<RedisReply> {
    try {
      return await this.command(['EVALSHA', script.sha, keys.length, ...keys, ...args]);
    } catch (error) {
      if (!(error instanceof RedisReplyError) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.command(['EVAL', script.source, keys.length, ...keys, ...args]);
    }
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#watchdog);
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#socket?.destroy();
    this.#failPending(new RedisUnavailableError('client closed'));
  }

  #send(args: readonly (string | number)[]): Promise<RedisReply> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject, sentAt: performance.now() });
      this.#outgoing.push(encodeCommand(args));
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        queueMicrotask(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#flushQueued = false;
    const chunks = this.#outgoing;
    this.#outgoing = [];
    if (chunks.length === 0 || !this.#socket) return;
    this.#socket.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  }

  #connect(): void {
    if (this.#closed) return;
    const socket = net.connect({ host: this.#address.host, port: this.#address.port });
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    this.#parser.reset();
    socket.on('connect', () => void this.#handshake(socket));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.#parser.feed(chunk, (reply) => this.#onReply(reply));
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('error', (error) => {
      this.#lastError = error.message || String(error);
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#ready = false;
      this.#failPending(new RedisUnavailableError(this.#lastError));
      this.#outgoing = [];
      // close() is not an outage: nothing to report.
      if (this.#closed) return;
      this.#markDown(this.#lastError);
      this.#reconnectTimer = setTimeout(() => this.#connect(), this.#backoffMs);
      this.#reconnectTimer.unref();
      this.#backoffMs = Math.min(this.#backoffMs * 2, this.#options.reconnectMaxMs ?? 2000);
    });
  }

  async #handshake(socket: net.Socket): Promise<void> {
    const { username, password, db } = this.#address;
    try {
      const steps: (string | number)[][] = [];
      if (password !== null) steps.push(username !== null ? ['AUTH', username, password] : ['AUTH', password]);
      if (db !== 0) steps.push(['SELECT', db]);
      for (const channel of this.#options.subscribe ?? []) steps.push(['SUBSCRIBE', channel]);
      const replies = await Promise.all(steps.map((step) => this.#send(step)));
      const failed = replies.find((reply) => reply instanceof RedisReplyError);
      if (failed) throw failed;
      if (this.#socket !== socket) return;
      this.#ready = true;
      this.#down = false;
      this.#backoffMs = this.#options.reconnectMinMs ?? 50;
      this.#options.onUp?.();
      for (const waiter of [...this.#readyWaiters]) waiter();
    } catch (error) {
      this.#lastError = (error as Error).message;
      socket.destroy();
    }
  }

  #onReply(reply: RedisReply): void {
    // A subscriber's messages arrive unasked: ['message', channel, payload].
    if (this.#options.subscribe && Array.isArray(reply) && reply[0] === 'message') {
      this.#options.onMessage?.(String(reply[1]), String(reply[2]));
      return;
    }
    const pending = this.#pending[this.#head];
    if (!pending) return;
    this.#pending[this.#head++] = undefined as unknown as Pending;
    if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
      this.#pending = this.#pending.slice(this.#head);
      this.#head = 0;
    }
    if (reply instanceof RedisReplyError) pending.reject(reply);
    else pending.resolve(reply);
  }

  #failPending(error: Error): void {
    const pending = this.#pending.slice(this.#head);
    this.#pending = [];
    this.#head = 0;
    for (const p of pending) p.reject(error);
  }

  #markDown(reason: string): void {
    if (this.#down) return;
    this.#down = true;
    this.#options.onDown?.(reason);
  }

  #checkTimeouts(): void {
    const oldest = this.#pending[this.#head];
    if (oldest && performance.now() - oldest.sentAt > this.#timeoutMs) {
      this.#lastError = `no answer within ${this.#timeoutMs} ms`;
      this.#socket?.destroy();
    }
  }
}
