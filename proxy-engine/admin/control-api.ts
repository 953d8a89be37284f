// The engine's control API: loopback only, every request needs the token from the data
// directory. The dashboard relays it to the browser behind its own auth.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { tokenMatches } from './control-token.ts';

export type ControlHandler = (req: IncomingMessage, res: ServerResponse, body: unknown) => unknown | Promise<unknown>;

export interface ControlRoutes {
  [route: string]: ControlHandler;
}

const MAX_BODY = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw Object.assign(new Error('invalid JSON'), { status: 400 });
  }
}

/** Routes are "METHOD /path"; a handler that returns undefined has answered itself (streams). */
export function createControlServer(token: string, routes: ControlRoutes): http.Server {
  return http.createServer(async (req, res) => {
    if (!tokenMatches(token, req.headers.authorization)) return sendJson(res, 401, { error: { code: 'unauthorized', message: 'control token required' } });
    const url = new URL(req.url ?? '/', 'http://control');
    const handler = routes[`${req.method} ${url.pathname}`] ?? findParameterised(routes, req.method ?? 'GET', url.pathname, req);
    if (!handler) return sendJson(res, 404, { error: { code: 'not_found', message: `${req.method} ${url.pathname}` } });
    try {
      const body = await readJson(req);
      const result = await handler(req, res, body);
      if (result !== undefined && !res.headersSent) sendJson(res, 200, result);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (!res.headersSent) sendJson(res, status, { error: { code: status === 500 ? 'internal' : 'bad_request', message: status === 500 ? 'internal error' : (error as Error).message } });
      if (status === 500) process.emitWarning(`control API: ${(error as Error).stack}`);
    }
  });
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
