// RESP2, the Redis protocol, as much of it as the engine's commands need: commands are
// arrays of bulk strings; replies are simple strings, errors, integers, bulk strings and
// arrays (a RESP3 server answers RESP2 until HELLO 3, which this client never sends).

/** An error reply (-ERR …, -NOSCRIPT …): a value, not a thrown error, so a pipeline keeps its order. */
export class RedisReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

export type RedisReply = string | number | null | RedisReplyError | RedisReply[];

export function encodeCommand(args: readonly (string | number)[]): Buffer {
  let text = `*${args.length}\r\n`;
  for (const arg of args) {
    const value = typeof arg === 'number' ? String(arg) : arg;
    text += `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
  }
  return Buffer.from(text);
}

const INCOMPLETE = Symbol('incomplete');
const CR = 13;

/** Feeds chunks in, hands complete replies out in order. */
export class ReplyParser {
  #buffer: Buffer = Buffer.alloc(0);
  #offset = 0;

  /** Appends a chunk and calls onReply for every reply now complete. */
  feed(chunk: Buffer, onReply: (reply: RedisReply) => void): void {
    this.#buffer = this.#offset < this.#buffer.length ? Buffer.concat([this.#buffer.subarray(this.#offset), chunk]) : chunk;
    this.#offset = 0;
    for (;;) {
      const start = this.#offset;
      const reply = this.#read();
      if (reply === INCOMPLETE) {
        this.#offset = start;
        return;
      }
      onReply(reply);
    }
  }

  reset(): void {
    this.#buffer = Buffer.alloc(0);
    this.#offset = 0;
  }

  #line(): string | typeof INCOMPLETE {
    const end = this.#buffer.indexOf(CR, this.#offset);
    if (end === -1 || end + 1 >= this.#buffer.length) return INCOMPLETE;
    const line = this.#buffer.toString('utf8', this.#offset, end);
    this.#offset = end + 2;
    return line;
  }

  #read(): RedisReply | typeof INCOMPLETE {
    if (this.#offset >= this.#buffer.length) return INCOMPLETE;
    const type = this.#buffer[this.#offset++];
    const line = this.#line();
    if (line === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case 0x2b: // +
        return line;
      case 0x2d: // -
        return new RedisReplyError(line);
      case 0x3a: // :
        return Number(line);
      case 0x24: {
        // $
        const length = Number(line);
        if (length < 0) return null;
        if (this.#offset + length + 2 > this.#buffer.length) return INCOMPLETE;
        const value = this.#buffer.toString('utf8', this.#offset, this.#offset + length);
        this.#offset += length + 2;
        return value;
      }
      case 0x2a: {
        // *
        const count = Number(line);
        if (count < 0) return null;
        const items: RedisReply[] = new Array<RedisReply>(count);
        for (let i = 0; i < count; i++) {
          const item = this.#read();
          if (item === INCOMPLETE) return INCOMPLETE;
          items[i] = item;
        }
        return items;
      }
      default:
        throw new Error(`unexpected reply type ${String.fromCharCode(type ?? 0)} from Redis`);
    }
  }
}
