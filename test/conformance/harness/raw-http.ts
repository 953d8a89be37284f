// A raw-socket HTTP/1.1 client: the request goes out byte for byte as written (request
// line, Host, header order and case, framing), so both proxies see exactly the same
// input. The response is parsed just enough to know where it ends: status line, raw
// header lines, then the body by Content-Length, chunked coding or connection close.
// A 101 ends at its header block; a connection closed before any byte is status 0.
import net from 'node:net';

export interface RawResponse {
  /** 0 when the connection closed (or reset) without a response, as after nginx's 444. */
  status: number;
  /** Header lines as sent: [name, value] in order. */
  headers: [string, string][];
  /** The decoded body (chunked coding removed). */
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as it goes on the request line. */
  target: string;
  /** The Host header's value; null sends none. */
  host: string | null;
  /** Extra header lines, in order, after Host. */
  headers?: [string, string][];
  /** A body sent with Content-Length (unless `chunks` is given). */
  body?: string;
  /** A body sent with Transfer-Encoding: chunked, one chunk per entry. */
  chunks?: string[];
  /** Source address (any 127.x.y.z on Linux loopback): ip_hash sees different clients. */
  localAddress?: string;
  /** `Connection: close` is added unless a Connection header is given. */
  keepAlive?: boolean;
  /** HTTP version on the request line (default 1.1). */
  version?: '1.0' | '1.1';
}

export function serialize(req: RawRequest): Buffer {
  const lines = [`${req.method ?? 'GET'} ${req.target} HTTP/${req.version ?? '1.1'}`];
  if (req.host !== null) lines.push(`Host: ${req.host}`);
  const headers = req.headers ?? [];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  if (!req.keepAlive && !headers.some(([n]) => n.toLowerCase() === 'connection')) lines.push('Connection: close');
  let body = '';
  if (req.chunks) {
    lines.push('Transfer-Encoding: chunked');
    body = req.chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join('') + '0\r\n\r\n';
  } else if (req.body !== undefined) {
    lines.push(`Content-Length: ${Buffer.byteLength(req.body)}`);
    body = req.body;
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

interface Parsed {
  response: RawResponse;
  /** Bytes after the response (e.g. WebSocket frames after a 101). */
  rest: Buffer;
}

/** Parses a complete response from `data`; null when more bytes are needed. `closed`: no more will come. */
export function parseResponse(data: Buffer, method: string, closed: boolean): Parsed | null {
  let offset = 0;
  for (;;) {
    const end = data.indexOf('\r\n\r\n', offset);
    if (end < 0) return null;
    const lines = data.subarray(offset, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(lines[0] ?? '')?.[1] ?? NaN);
    if (!Number.isInteger(status)) throw new Error(`not an HTTP response: ${JSON.stringify(lines[0])}`);
    const headers = lines.slice(1).map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    });
    const bodyStart = end + 4;
    // An interim 100 Continue is skipped; 101 ends the HTTP part of the connection.
    if (status === 100) {
      offset = bodyStart;
      continue;
    }
    const header = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
    if (status === 101 || status === 204 || status === 304 || method === 'HEAD') {
      return { response: { status, headers, body: Buffer.alloc(0) }, rest: data.subarray(bodyStart) };
    }
    if (/\bchunked\b/i.test(header('transfer-encoding') ?? '')) {
      const chunks: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = data.indexOf('\r\n', at);
        if (lineEnd < 0) return closed ? incomplete(status, headers, chunks) : null;
        const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
        if (size === 0) {
          const trailerEnd = data.indexOf('\r\n\r\n', lineEnd);
          if (trailerEnd < 0) return closed ? incomplete(status, headers, chunks) : null;
          return { response: { status, headers, body: Buffer.concat(chunks) }, rest: Buffer.alloc(0) };
        }
        if (data.length < lineEnd + 2 + size + 2) return closed ? incomplete(status, headers, chunks) : null;
        chunks.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
    }
    const length = header('content-length');
    if (length !== undefined) {
      const n = Number(length);
      if (data.length - bodyStart < n) return closed ? incomplete(status, headers, [data.subarray(bodyStart)]) : null;
      return { response: { status, headers, body: data.subarray(bodyStart, bodyStart + n) }, rest: data.subarray(bodyStart + n) };
    }
    return closed ? { response: { status, headers, body: data.subarray(bodyStart) }, rest: Buffer.alloc(0) } : null;
  }
}

/** A response cut short: marked so that a comparison shows it rather than hiding it. */
function incomplete(status: number, headers: [string, string][], chunks: Buffer[]): Parsed {
  return { response: { status, headers: [...headers, ['x-harness', 'incomplete body']], body: Buffer.concat(chunks) }, rest: Buffer.alloc(0) };
}

export interface Exchange {
  response: RawResponse;
  /** The socket, still open after a 101 (the caller owns it then); destroyed otherwise. */
  socket: net.Socket;
  rest: Buffer;
}

/** Sends one request and resolves with the response once it is complete. */
export function exchange(port: number, req: RawRequest, timeoutMs = 5000): Promise<Exchange> {
  const method = req.method ?? 'GET';
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: req.localAddress });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      const data = Buffer.concat(chunks);
      if (closed && data.length === 0) {
        done = true;
        clearTimeout(timer);
        socket.destroy();
        resolve({ response: { status: 0, headers: [], body: Buffer.alloc(0) }, socket, rest: Buffer.alloc(0) });
        return;
      }
      let parsed: Parsed | null;
      try {
        parsed = parseResponse(data, method, closed);
      } catch (error) {
        done = true;
        clearTimeout(timer);
        socket.destroy();
        reject(error as Error);
        return;
      }
      if (!parsed) return;
      done = true;
      clearTimeout(timer);
      if (parsed.response.status !== 101) socket.destroy();
      else socket.removeAllListeners('data');
      resolve({ ...parsed, socket });
    };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      socket.destroy();
      reject(new Error(`no complete response to ${method} ${req.target} within ${timeoutMs} ms (got ${Buffer.concat(chunks).length} bytes)`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      finish(false);
    });
    socket.on('end', () => finish(true));
    // A reset after the response started still leaves what arrived; before, it is status 0.
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.write(serialize(req));
  });
}

/** One request, the socket closed afterwards. */
export async function send(port: number, req: RawRequest, timeoutMs?: number): Promise<RawResponse> {
  const { response, socket } = await exchange(port, req, timeoutMs);
  socket.destroy();
  return response;
}
