// The engine's control API: loopback only, every request needs the token from the data
// directory (but the `open` routes: the health probes, which reveal no configuration). The
// dashboard relays it to the browser behind its own auth.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { lingerOnClose } from '../../core/net/lingering-close.ts';
import { tokenMatches } from '../../core/contract/control-token.ts';

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, body: unknown) => unknown | Promise<unknown>;

export interface ControlRoutes {
  [route: string]: ControlHandler;
}

const MAX_BODY = 1024 * 1024;

function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' };
  // Answered before the body arrived (401, 413): close, or Node would read and discard the
  // rest of the body to keep the connection, however long it is.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

const tooLarge = () => Object.assign(new Error(`request body is larger than ${MAX_BODY / 1024 / 1024} MiB`), { status: 413 });

/**
 * The body, collected while it streams and abandoned at the first byte over the limit. The
 * request is paused, not destroyed, so the 413 can still be written.
 */
function readBounded(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      reject(tooLarge());
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const body = await readBounded(req);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw Object.assign(new Error('invalid JSON'), { status: 400 });
  }
}

function declaredTooLarge(req: IncomingMessage): boolean {
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > MAX_BODY;
}

/** Routes are "METHOD /path"; a handler that returns undefined has answered itself (streams). */
export function createControlServer(token: string, routes: ControlRoutes, open: ControlRoutes = {}): http.Server {
  const server = http.createServer(async (req, res) => {
    // Refused before the token check and before a byte is read: no caller needs more.
    if (declaredTooLarge(req)) return sendJson(req, res, 413, { error: { code: 'payload_too_large', message: tooLarge().message } });
    const url = new URL(req.url ?? '/', 'http://control');
    const openHandler = open[`${req.method} ${url.pathname}`];
    if (openHandler) return void openHandler(req, res, undefined);
    if (!tokenMatches(token, req.headers.authorization)) return sendJson(req, res, 401, { error: { code: 'unauthorized', message: 'control token required' } });
    const handler = routes[`${req.method} ${url.pathname}`] ?? findParameterised(routes, req.method ?? 'GET', url.pathname, req);
    if (!handler) return sendJson(req, res, 404, { error: { code: 'not_found', message: `${req.method} ${url.pathname}` } });
    try {
      const body = await readJson(req);
      const result = await handler(req, res, body);
      if (result !== undefined && !res.headersSent) sendJson(req, res, 200, result);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      const code = status === 500 ? 'internal' : status === 413 ? 'payload_too_large' : 'bad_request';
      if (!res.headersSent) sendJson(req, res, status, { error: { code, message: status === 500 ? 'internal error' : (error as Error).message } });
      if (status === 500) process.emitWarning(`control API: ${(error as Error).stack}`);
    }
  });
  // "Expect: 100-continue": a body that is too large is refused before the client sends it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (declaredTooLarge(req)) return sendJson(req, res, 413, { error: { code: 'payload_too_large', message: tooLarge().message } });
    res.writeContinue();
    server.emit('request', req, res);
  });
  lingerOnClose(server);
  return server;
}

/** "GET /pools/:id/health" style routes; the parameters land on req.params. */
function findParameterised(routes: ControlRoutes, method: string, pathname: string, req: IncomingMessage): ControlHandler | undefined {
  for (const [route, handler] of Object.entries(routes)) {
    const [routeMethod, pattern] = route.split(' ');
    if (routeMethod !== method || !pattern!.includes(':')) continue;
    const names: string[] = [];
    const regex = new RegExp(`^${pattern!.replace(/:([a-zA-Z]+)/g, (_m, name: string) => (names.push(name), '([^/]+)'))}$`);
    const m = regex.exec(pathname);
    if (m) {
      (req as IncomingMessage & { params: Record<string, string> }).params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      return handler;
    }
  }
  return undefined;
}
