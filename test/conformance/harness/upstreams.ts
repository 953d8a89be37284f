// The upstreams of one case: real HTTP servers on ephemeral loopback ports (the recording
// echo upstream of test/helpers), one shared log of every request they received, in
// arrival order and tagged with the upstream's name. "Dead" upstreams are free ports
// with nothing listening (connection refused). What an upstream answers depends on a
// keyword in the path, so one server can play every part:
//   /status/NNN    answers NNN            /hold     never answers
//   /close         drops the connection   /powered  adds X-Powered-By, Server, X-Custom-Resp
//   /redirect-abs  302 to its own URL     /redirect-rel  302 to a relative path
//   /hop           adds Keep-Alive and an end-to-end X-End-To-End
//   /conn-listed   adds X-Hop-Resp and names it in Connection
//   /lifetime      adds Cache-Control: private, max-age=5 and a past Expires
//   /refresh       adds Refresh: 5; url=<its own URL>/moved
//   /redirect-query  302 to its own URL with "url=" in the query
//   /etag          adds ETag "v1"; a request with If-None-Match: "v1" gets 304
//   /accel         adds X-Accel-Buffering: no and X-Accel-Other: kept
//   /accept-ranges adds Accept-Ranges: bytes   /accept-none  adds Accept-Ranges: none
//   /ctype?ct=TYPE answers with Content-Type TYPE (none when empty)
//   /xaccel?to=URI adds X-Accel-Redirect: URI, with Set-Cookie, Content-Disposition, Cache-Control,
//                  Expires, ETag, X-Custom and its own Content-Type
// Anything else: 200 text/plain with the upstream's name as the body. WebSocket
// upstreams accept every upgrade (and echo messages as "echo:<message>") except one
// whose path has /status/NNN, answered with that plain HTTP status instead.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { startEchoUpstream, type EchoUpstream } from '../../helpers/echo-upstream.ts';
import { freePort } from '../../helpers/ports.ts';

export interface Seen {
  upstream: string;
  method: string;
  target: string;
  /** Raw header lines, as received. */
  headers: [string, string][];
  body: string;
  /** "1.0" or "1.1": how the proxy spoke to the upstream (not compared: documented difference). */
  httpVersion: string;
}

export interface UpstreamSpec {
  /** Answering upstreams. */
  live?: readonly string[];
  /** Addresses that refuse connections. */
  dead?: readonly string[];
  /** Upstreams that drop every connection without answering (whatever the path). */
  closers?: readonly string[];
  /** Upstreams that accept WebSocket upgrades and echo every message. */
  websocket?: readonly string[];
}

export interface Upstreams {
  /** name → "127.0.0.1:port" */
  addresses: Record<string, string>;
  log: Seen[];
  /** Stops one upstream: from now on its address refuses connections. */
  kill(name: string): Promise<void>;
  close(): Promise<void>;
}

function pairs(raw: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

function answer(name: string, address: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  const status = /\/status\/(\d{3})/.exec(url);
  if (url.includes('/hold')) return;
  if (url.includes('/close')) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = { 'Content-Type': 'text/plain', 'X-Upstream': name };
  let code = 200;
  if (status) code = Number(status[1]);
  // /ctype?ct=VALUE answers with that Content-Type (absent when empty).
  const contentType = url.includes('/ctype') ? new URL(url, 'http://x').searchParams.get('ct') : null;
  if (contentType !== null) {
    if (contentType === '') delete headers['Content-Type'];
    else headers['Content-Type'] = contentType;
  }
  if (url.includes('/powered')) Object.assign(headers, { 'X-Powered-By': 'Express', Server: 'upstream/1.0', 'X-Custom-Resp': 'yes' });
  if (url.includes('/redirect-abs')) [code, headers.Location] = [302, `http://${address}/moved/abs?x=1`];
  if (url.includes('/redirect-rel')) [code, headers.Location] = [302, '/moved/rel'];
  if (url.includes('/hop')) Object.assign(headers, { 'Keep-Alive': 'timeout=5', 'X-End-To-End': 'kept' });
  if (url.includes('/conn-listed')) Object.assign(headers, { Connection: 'keep-alive, X-Hop-Resp', 'X-Hop-Resp': 'secret' });
  if (url.includes('/lifetime')) Object.assign(headers, { 'Cache-Control': 'private, max-age=5', Expires: 'Thu, 01 Jan 2015 00:00:00 GMT' });
  if (url.includes('/accel')) Object.assign(headers, { 'X-Accel-Buffering': 'no', 'X-Accel-Other': 'kept' });
  if (url.includes('/accept-ranges')) headers['Accept-Ranges'] = 'bytes';
  if (url.includes('/accept-none')) headers['Accept-Ranges'] = 'none';
  if (url.includes('/xaccel')) {
    Object.assign(headers, {
      'X-Accel-Redirect': new URL(url, 'http://upstream').searchParams.get('to') ?? '',
      'Content-Type': 'application/x-accel-test',
      'Set-Cookie': 'accel=1',
      'Content-Disposition': 'attachment; filename="x.txt"',
      'Cache-Control': 'max-age=5',
      Expires: 'Thu, 01 Jan 2037 00:00:00 GMT',
      ETag: '"upstream"',
      'X-Custom': 'dropped',
    });
  }
  if (url.includes('/refresh')) headers.Refresh = `5; url=http://${address}/back/moved`;
  if (url.includes('/redirect-query')) [code, headers.Location] = [302, `http://${address}/back/login?return_url=%2Fx`];
  if (url.includes('/etag')) {
    headers.ETag = '"v1"';
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { ETag: '"v1"', 'X-Upstream': name });
      res.end();
      return;
    }
  }
  const body = `${name} ${code}`;
  res.writeHead(code, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export async function startUpstreams(spec: UpstreamSpec): Promise<Upstreams> {
  const log: Seen[] = [];
  const servers = new Map<string, EchoUpstream>();
  const sockets = new Map<string, WebSocketServer>();
  const addresses: Record<string, string> = {};
  const record = (upstream: string, req: http.IncomingMessage, body: string) =>
    log.push({ upstream, method: req.method ?? '', target: req.url ?? '', headers: pairs(req.rawHeaders), body, httpVersion: req.httpVersion });

  const start = async (name: string, mode: 'answer' | 'close' | 'websocket') => {
    let address = '';
    const echo = await startEchoUpstream((req, res, body) => {
      record(name, req, body);
      if (mode === 'close') req.socket.destroy();
      else answer(name, address, req, res);
      return true;
    }, name);
    address = echo.address;
    if (mode === 'websocket') {
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${data.toString()}`)));
      echo.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
        record(name, req, '');
        const refused = /\/status\/(\d{3})/.exec(req.url ?? '');
        if (refused) {
          // An upstream that declines the upgrade answers with a plain HTTP response.
          const body = `${name} ${refused[1]}`;
          socket.end(`HTTP/1.1 ${refused[1]} Refused\r\nContent-Type: text/plain\r\nX-Upstream: ${name}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
      sockets.set(name, wss);
    }
    servers.set(name, echo);
    addresses[name] = address;
  };
  const closeOne = async (name: string) => {
    const wss = sockets.get(name);
    if (wss) {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      sockets.delete(name);
    }
    await servers.get(name)?.close();
    servers.delete(name);
  };

  try {
    for (const name of spec.live ?? []) await start(name, 'answer');
    for (const name of spec.closers ?? []) await start(name, 'close');
    for (const name of spec.websocket ?? []) await start(name, 'websocket');
    for (const name of spec.dead ?? []) addresses[name] = `127.0.0.1:${await freePort()}`;
  } catch (error) {
    await Promise.all([...servers.keys()].map(closeOne));
    throw error;
  }
  return {
    addresses,
    log,
    kill: closeOne,
    close: async () => {
      await Promise.all([...servers.keys()].map(closeOne));
    },
  };
}

/** Replaces every {{name}} in a configuration with that upstream's address. */
export function fillAddresses(config: string, addresses: Readonly<Record<string, string>>): string {
  return config.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const address = addresses[name];
    if (address === undefined) throw new Error(`the configuration uses {{${name}}}, which is not one of the case's upstreams`);
    return address;
  });
}
