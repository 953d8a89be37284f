// An upstream answer that does not start with a status line nginx accepts ("hello\n",
// "HTTP/1.1 abc", "http/1.1 200") is an HTTP/0.9 answer to nginx: every byte until the
// upstream closes is the body, sent to an HTTP/1 client as is, without a status line or
// headers. undici's parser refuses such bytes, so the first bytes of each upstream answer
// are looked at before it sees them: an HTTP/0.9 answer is handed to it behind a head of
// Portico's own, marked, and close-delimited (the connection is never reused). A status
// line nginx reads but undici's parser refuses (another HTTP version, extra spaces, IIS's
// "403.1") is mended there too.
import type { Socket } from 'node:net';

/** The marker header of the head put before an HTTP/0.9 answer (lower case). */
export const HTTP09_MARKER = 'x-portico-http09';
const HEAD = Buffer.from(`HTTP/1.1 200 OK\r\n${HTTP09_MARKER}: 1\r\nConnection: close\r\n\r\n`, 'latin1');

/** nginx's status line: "HTTP/" major "." minor, spaces, three digits, then a space, "." or the line end. */
const STATUS_LINE = /^HTTP\/[1-9]\d*\.\d+ +\d{3}[ .\r\n]/;
const PREFIX = 'HTTP/';

/** Whether these first bytes of an answer are HTTP/0.9 (a few bytes that could still be a status line are not). */
function isHttp09(start: Buffer): boolean {
  const text = start.toString('latin1', 0, 32);
  if (STATUS_LINE.test(text)) return false;
  // Too short to tell: what is there must be the start of a status line.
  if (!/[\r\n]/.test(text) && text.length < 20) return !PREFIX.startsWith(text.slice(0, PREFIX.length));
  return true;
}

/** The parts of a status line nginx accepts: version, the spaces before the code, the code, what follows. */
const STATUS_PARTS = /^HTTP\/([1-9]\d*\.\d+)( +)(\d{3})([ .\r\n])/;
const PARSER_VERSIONS = new Set(['1.0', '1.1', '2.0']);

/**
 * A status line nginx accepts but undici's parser does not, made one it does, with the
 * same code: another version ("HTTP/1.9") as HTTP/1.1, several spaces before the code as
 * one, a "." right after the code (IIS's "403.1") after a space. Null: nothing to change.
 */
function parserStatusLine(start: Buffer): Buffer | null {
  const text = start.toString('latin1', 0, 64);
  const m = STATUS_PARTS.exec(text);
  if (m === null) return null;
  const [whole, version, spaces, code, next] = m as unknown as [string, string, string, string, string];
  if (PARSER_VERSIONS.has(version) && spaces === ' ' && next !== '.') return null;
  const line = `HTTP/${PARSER_VERSIONS.has(version) ? version : '1.1'} ${code}${next === '.' ? ' .' : next}`;
  return Buffer.concat([Buffer.from(line, 'latin1'), start.subarray(Buffer.byteLength(whole, 'latin1'))]);
}

/**
 * The status line almost every upstream sends ("HTTP/1.1 200 " or "HTTP/1.0 404\r"), read
 * from the bytes: such an answer is neither HTTP/0.9 nor one to mend, and telling so by
 * the regular expressions above (two latin1 strings and two matches per answer) was ≈ 1 %
 * of a proxied request's time.
 */
function isPlainStatusLine(start: Buffer): boolean {
  if (start.length < 13) return false;
  const minor = start[7]!;
  const after = start[12]!;
  return (
    start[0] === 0x48 && start[1] === 0x54 && start[2] === 0x54 && start[3] === 0x50 && start[4] === 0x2f && start[5] === 0x31 && start[6] === 0x2e &&
    (minor === 0x30 || minor === 0x31) &&
    start[8] === 0x20 &&
    isDigit(start[9]!) && isDigit(start[10]!) && isDigit(start[11]!) &&
    (after === 0x20 || after === 0x0d || after === 0x0a)
  );
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** The start of a request head as undici writes it ("GET /x HTTP/1.1\r\n"). */
const REQUEST_HEAD = /^[A-Z]+ \S+ HTTP\/1\.1\r\n/;

/**
 * Looks at the first bytes of each answer on the connection; an HTTP/0.9 one gets the
 * marked head. An answer starts with the first bytes received after a request head was
 * written (undici sends one request at a time on a connection).
 */
export function watchAnswers(socket: Socket): void {
  const push = socket.push;
  const write = socket.write;
  let answerStarts = true;
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>): boolean {
    // undici writes a request head as a string, bodies as buffers: only strings are looked at.
    const chunk: unknown = args[0];
    if (typeof chunk === 'string' && REQUEST_HEAD.test(chunk)) answerStarts = true;
    return write.apply(this, args);
  } as Socket['write'];
  socket.push = function (this: Socket, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (answerStarts && Buffer.isBuffer(chunk) && chunk.length > 0) {
      answerStarts = false;
      if (isPlainStatusLine(chunk)) return push.call(this, chunk, encoding);
      if (isHttp09(chunk)) return push.call(this, Buffer.concat([HEAD, chunk]), encoding);
      const fixed = parserStatusLine(chunk);
      if (fixed) return push.call(this, fixed, encoding);
    }
    return push.call(this, chunk, encoding);
  };
}
