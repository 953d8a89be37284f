// A real upstream for tests: an HTTP server on an ephemeral loopback port that answers
// with what it received (method, target, headers, body) and records every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

export interface EchoUpstream {
  port: number;
  address: string;
  seen: SeenRequest[];
  server: http.Server;
  close(): Promise<void>;
}

export type UpstreamHandler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean | void;

/** `handler` may answer itself (return true); otherwise the request is echoed as JSON. */
export async function startEchoUpstream(handler?: UpstreamHandler, name = 'echo'): Promise<EchoUpstream> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body };
      seen.push(record);
      if (handler?.(req, res, body)) return;
      const payload = JSON.stringify({ upstream: name, ...record });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-upstream': name });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    seen,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An echo upstream that answers 500 "broken" while `broken` is set: a server that goes bad and comes back. */
export async function startBreakableUpstream(name: string): Promise<EchoUpstream & { broken: boolean }> {
  // The handler reads the flag from the object the caller holds (set after it is returned).
  let self: (EchoUpstream & { broken: boolean }) | undefined;
  const upstream = await startEchoUpstream((_req, res) => {
    if (!self?.broken) return false;
    res.writeHead(500).end('broken');
    return true;
  }, name);
  self = Object.assign(upstream, { broken: false });
  return self;
}
