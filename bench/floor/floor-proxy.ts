// The floor under Portico: the least a Node proxy does per request, in five variants,
// so the benchmark can show how much of the gap to nginx is the platform and which
// outgoing client is fastest. None routes, rewrites headers beyond hop-by-hop, counts
// or logs. Usage: node bench/floor/floor-proxy.ts <listen port> <upstream port> <mode>
//   bare          node:http answers 1 KiB itself (no upstream: the server side alone)
//   undici        undici Pool.dispatch (what Portico uses)
//   node-http     http.request with a keep-alive Agent
//   http-proxy-3  http-proxy-3's web() with a keep-alive Agent
//   raw           raw sockets + Node's own native HTTP parser (internal `_http_common`;
//                 an experiment for the lower bound, not something to ship)
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { Pool, type Dispatcher } from 'undici';

const [listenPort, upstreamPort] = [Number(process.argv[2]), Number(process.argv[3])];
const mode = process.argv[4] ?? 'undici';
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const BODY = Buffer.alloc(1024, 'x');

function copyHeaders(raw: readonly (string | Buffer)[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString();
    if (!HOP.has(name.toLowerCase())) out.push(name, raw[i + 1]!.toString());
  }
  return out;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function bare(): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 1024 });
    res.end(BODY);
  };
}

function viaUndici(): Handler {
  const pool = new Pool(`http://127.0.0.1:${upstreamPort}`, { connections: null, pipelining: 1, keepAliveTimeout: 60_000 });
  return (req, res) => {
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(controller, statusCode) {
        res.writeHead(statusCode, copyHeaders(controller.rawHeaders as Buffer[]));
      },
      onResponseData(controller, chunk) {
        if (!res.write(chunk)) {
          controller.pause();
          res.once('drain', () => controller.resume());
        }
      },
      onResponseEnd: () => res.end(),
      onResponseError(_controller, error) {
        if (!res.headersSent) res.writeHead(502);
        res.end(String(error));
      },
    };
    pool.dispatch({ path: req.url!, method: req.method!, headers: copyHeaders(req.rawHeaders), body: req.method === 'GET' || req.method === 'HEAD' ? null : req }, handler);
  };
}

function viaNodeHttp(): Handler {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  return (req, res) => {
    const up = http.request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: copyHeaders(req.rawHeaders), agent }, (answer) => {
      res.writeHead(answer.statusCode!, copyHeaders(answer.rawHeaders));
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
}

async function viaHttpProxy3(): Promise<Handler> {
  const { createProxyServer } = (await import('http-proxy-3')) as unknown as { createProxyServer(o: object): { web(req: unknown, res: unknown): void; on(e: string, f: () => void): void } };
  const proxy = createProxyServer({ target: `http://127.0.0.1:${upstreamPort}`, agent: new http.Agent({ keepAlive: true, maxSockets: Infinity }) });
  proxy.on('error', () => {});
  return (req, res) => proxy.web(req, res);
}

interface RawParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  [key: number]: unknown;
}

function viaRaw(): Handler {
  const { HTTPParser } = createRequire(import.meta.url)('_http_common') as { HTTPParser: (new () => RawParser) & Record<string, number> };
  const idle: { socket: net.Socket; res: http.ServerResponse | null }[] = [];
  const open = () => {
    const socket = net.connect({ host: '127.0.0.1', port: upstreamPort });
    socket.setNoDelay(true);
    const conn = { socket, res: null as http.ServerResponse | null };
    const parser = new HTTPParser();
    parser.initialize(HTTPParser.RESPONSE!, {}, 0, 0);
    parser[HTTPParser.kOnHeadersComplete!] = (_a: number, _b: number, headers: string[], _m: unknown, _u: unknown, status: number) => {
      conn.res!.writeHead(status, copyHeaders(headers));
      return 0;
    };
    parser[HTTPParser.kOnBody!] = (b: Buffer) => conn.res!.write(b);
    parser[HTTPParser.kOnMessageComplete!] = () => {
      const res = conn.res!;
      conn.res = null;
      idle.push(conn);
      res.end();
    };
    socket.on('data', (d: Buffer) => parser.execute(d));
    socket.on('error', () => conn.res?.destroy());
    return conn;
  };
  return (req, res) => {
    let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
    const headers = copyHeaders(req.rawHeaders);
    for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    const conn = idle.pop() ?? open();
    conn.res = res;
    conn.socket.write(`${head}\r\n`, 'latin1');
  };
}

const handlers: Record<string, () => Handler | Promise<Handler>> = { bare, undici: viaUndici, 'node-http': viaNodeHttp, 'http-proxy-3': viaHttpProxy3, raw: viaRaw };
if (!handlers[mode]) throw new Error(`unknown mode ${mode}`);
const server = http.createServer(await handlers[mode]!());
server.listen(listenPort, '127.0.0.1', () => console.log(`READY ${listenPort}`));
process.on('SIGTERM', () => process.exit(0));
