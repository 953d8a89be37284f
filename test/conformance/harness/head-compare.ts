// The whole head of an answer, byte for byte where it matters: the status line as sent
// (reason phrase included) and every header line. For comparisons of what the proxies do
// to an upstream's head (cookies, redirects, hidden and passed headers, reason phrases,
// oversized heads), where the pair harness's normalised view would hide the difference.
import net from 'node:net';

export interface Head {
  /** "HTTP/1.1 404 Nothing Here", or "" when the answer has no status line (HTTP/0.9). */
  statusLine: string;
  /** [lower-case name, value] in the order sent. */
  headers: [string, string][];
  body: string;
}

/** One GET on its own connection (Connection: close), read until the proxy closes it. */
export function rawGet(port: number, target: string, host: string, extra: readonly [string, string][] = []): Promise<Head> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no answer to ${target} within 5 s`)), 5000);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseHead(Buffer.concat(chunks).toString('latin1')));
    });
    const lines = [`GET ${target} HTTP/1.1`, `Host: ${host}`, ...extra.map(([n, v]) => `${n}: ${v}`), 'Connection: close'];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

function parseHead(text: string): Head {
  if (!text.startsWith('HTTP/')) return { statusLine: '', headers: [], body: text };
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
  });
  let body = end < 0 ? '' : text.slice(end + 4);
  if (headers.some(([n, v]) => n === 'transfer-encoding' && v === 'chunked')) body = dechunk(body);
  return { statusLine, headers, body };
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 4 + size);
  }
}

/** Framing, connection handling and the proxies' own identity differ by design (harness/normalise.ts). */
const NOT_COMPARED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-request-id']);

/**
 * The head with what may differ made equal: the proxy's own Server and a Date of now are
 * placeholders (an upstream's own, passed by proxy_pass_header, stays as it is), headers
 * sorted by name (each name's values keep their order), a generated error page's body
 * dropped.
 */
export function comparable(head: Head, port: number): Head {
  const now = Date.now();
  const ownPort = `:${port}`;
  const headers = head.headers
    .filter(([name]) => !NOT_COMPARED.has(name))
    .map(([name, value]): [string, string] => {
      if (name === 'server' && /^(nginx|Portico)(\/|$)/.test(value)) return [name, '<proxy>'];
      if (name === 'date' && Math.abs(Date.parse(value) - now) < 10_000) return [name, '<now>'];
      // nginx's absolute redirects name its own port, Portico's its own.
      return [name, value.split(ownPort).join(':<port>')];
    });
  const sorted = headers.map((h, i) => [h, i] as const).sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1])).map(([h]) => h);
  const generated = /^HTTP\/1\.1 [45]\d\d /.test(head.statusLine) && /<html>|<!DOCTYPE/i.test(head.body);
  return { statusLine: head.statusLine, headers: sorted, body: generated ? '<generated page>' : head.body };
}
