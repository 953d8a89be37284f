// Controllable upstreams for the health tests: real servers on ephemeral 127.0.0.1 ports
// (or a unix socket) whose answer the test changes while they run. close() ends every
// connection, so the tests leave no handle behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Answer {
  status: number;
  body: string;
  /** Never answer: exercises timeouts. */
  hang?: boolean;
}

export interface TestUpstream {
  address: string;
  answer: Answer;
  hits: number;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; servername?: string }>;
  close(): Promise<void>;
}

export async function startUpstream(options: { socketPath?: string; tls?: { key: string; cert: string } } = {}): Promise<TestUpstream> {
  const upstream: TestUpstream = {
    address: '',
    answer: { status: 200, body: 'ok' },
    hits: 0,
    requests: [],
    close: async () => {},
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    upstream.hits++;
    const servername = (req.socket as { servername?: string | false }).servername;
    upstream.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, ...(servername ? { servername } : {}) });
    if (upstream.answer.hang) return;
    res.writeHead(upstream.answer.status, { 'content-type': 'text/plain' });
    res.end(upstream.answer.body);
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => (options.socketPath ? server.listen(options.socketPath, resolve) : server.listen(0, '127.0.0.1', resolve)));
  upstream.address = options.socketPath ? `unix:${options.socketPath}` : `127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return upstream;
}

export interface TestPki {
  caPem: string;
  key: string;
  cert: string;
}

/** A throw-away CA and a leaf for "upstream.test" and 127.0.0.1, made with the openssl CLI. */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'portico-pki-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Portico Test CA');
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=upstream.test');
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:upstream.test,IP:127.0.0.1\n');
    run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'ext.cnf');
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    return { caPem: read('ca.pem'), key: read('leaf.key'), cert: read('leaf.pem') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
