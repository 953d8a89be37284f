// A pool with proxyProtocol v1 or v2 starts every upstream connection with a PROXY header
// naming the client (HAProxy's send-proxy; nginx has it only in stream {}). The upstream
// here refuses a connection without one, records what each header says, and answers
// which of its connections a request came on: a client connection keeps its own upstream
// connection across requests, another client connection gets another, and requests a
// trusted proxy forwards for different clients never share one.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProxyHeader } from '../../proxy-engine/streams/proxy-protocol.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { freePort } from '../helpers/ports.ts';

interface Seen {
  version: 'v1' | 'v2' | null;
  source: string | null;
  sourcePort: number | null;
}

/**
 * An HTTP (or, with `tls`, HTTPS) upstream behind the PROXY protocol: answers
 * { conn, source, sourcePort, version }, and a WebSocket upgrade with the same in a header.
 */
async function startProxyProtocolUpstream(tls?: { key: string; cert: string }) {
  const connections: Seen[] = [];
  // Over TLS the front pipes each connection, past its header, into the HTTPS server
  // (a TLS server reads a handed-over socket's handle, not bytes put back on it): what the
  // header said is found by the port of that inner connection.
  const byInnerPort = new Map<number, Seen & { id: number }>();
  const seenOf = (socket: net.Socket) => ((socket as net.Socket & { seen?: Seen & { id: number } }).seen ?? byInnerPort.get(socket.remotePort!))!;
  const describe_ = (seen: Seen & { id: number }) => JSON.stringify({ conn: seen.id, source: seen.source, sourcePort: seen.sourcePort, version: seen.version });
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/close') res.setHeader('connection', 'close');
    res.end(describe_(seenOf(req.socket as net.Socket)));
  };
  const app = tls ? https.createServer(tls, handler) : http.createServer(handler);
  app.on('upgrade', (req, socket: net.Socket) => {
    socket.end(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nx-seen: ${describe_(seenOf(socket))}\r\n\r\n`);
  });
  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const header = parseProxyHeader(buffered);
      if (header.kind === 'incomplete') return;
      socket.off('data', onData);
      if (header.kind === 'invalid') {
        connections.push({ version: null, source: null, sourcePort: null });
        socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const version = buffered.subarray(0, 5).toString() === 'PROXY' ? 'v1' : 'v2';
      const seen = { id: connections.length, version, source: header.source, sourcePort: header.sourcePort } as const;
      connections.push(seen);
      Object.assign(socket, { seen });
      if (tls) {
        const inner = net.connect((app.address() as net.AddressInfo).port, '127.0.0.1', () => byInnerPort.set(inner.localPort!, seen));
        inner.on('error', () => socket.destroy());
        inner.write(buffered.subarray(header.length));
        socket.pipe(inner).pipe(socket);
        return;
      }
      socket.pause();
      socket.unshift(buffered.subarray(header.length));
      app.emit('connection', socket);
      socket.resume();
    };
    socket.on('data', onData);
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (tls) await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        app.closeAllConnections();
        if (tls) app.close();
      }),
  };
}

type Answer = { conn: number; source: string; sourcePort: number; version: string };

function get(port: number, agent: http.Agent, headers: Record<string, string> = {}, path = '/'): Promise<{ answer: Answer; localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { host: 'pp.test', ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => (res.statusCode === 200 ? resolve({ answer: JSON.parse(body) as Answer, localPort: req.socket!.localPort! }) : reject(new Error(`status ${res.statusCode}: ${body}`))));
    });
    req.on('error', reject);
  });
}

let engine: TestEngine;
let upstream: Awaited<ReturnType<typeof startProxyProtocolUpstream>>;
beforeAll(async () => {
  engine = await startTestEngine();
  upstream = await startProxyProtocolUpstream();
});
afterAll(async () => {
  await engine?.stop();
  await upstream?.close();
});

async function configure(version: 'v1' | 'v2', settings?: Record<string, unknown>) {
  await engine.configure({
    pools: [{ name: 'pp', proxyProtocol: version, servers: [{ address: upstream.address }] }],
    hosts: [{ serverNames: ['pp.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'pp' } }] }],
    settings,
  });
}

describe.each(['v1', 'v2'] as const)('a pool with proxyProtocol %s', (version) => {
  it('names the client in a header on an upstream connection that is that client connection’s own', async () => {
    await configure(version);
    const one = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const two = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a1 = await get(engine.port, one);
      const a2 = await get(engine.port, one);
      const b1 = await get(engine.port, two);
      expect(a1.answer).toMatchObject({ version, source: '127.0.0.1', sourcePort: a1.localPort });
      // The same client connection: the same upstream connection (kept alive), one header.
      expect(a2.answer.conn).toBe(a1.answer.conn);
      // Another client connection: never the first one's upstream connection.
      expect(b1.answer.conn).not.toBe(a1.answer.conn);
      expect(b1.answer).toMatchObject({ version, source: '127.0.0.1', sourcePort: b1.localPort });
    } finally {
      one.destroy();
      two.destroy();
    }
  });

  it('connects again, header first, when the upstream closed the connection', async () => {
    await configure(version);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(engine.port, agent, {}, '/close');
      const second = await get(engine.port, agent);
      expect(second.localPort).toBe(first.localPort);
      expect(second.answer.conn).not.toBe(first.answer.conn);
      expect(second.answer).toMatchObject({ version, source: '127.0.0.1', sourcePort: second.localPort });
    } finally {
      agent.destroy();
    }
  });

  it('gives each client a trusted proxy forwards for its own upstream connection, naming that client', async () => {
    await configure(version, { trustedProxies: ['127.0.0.1'], realIpHeader: 'X-Forwarded-For' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(engine.port, agent, { 'x-forwarded-for': '203.0.113.5' });
      const second = await get(engine.port, agent, { 'x-forwarded-for': '198.51.100.6' });
      const again = await get(engine.port, agent, { 'x-forwarded-for': '203.0.113.5' });
      expect(first.answer.source).toBe('203.0.113.5');
      expect(second.answer.source).toBe('198.51.100.6');
      expect(second.answer.conn).not.toBe(first.answer.conn);
      expect(again.answer.conn).toBe(first.answer.conn);
    } finally {
      agent.destroy();
    }
  });
});

it('a pool without it sends none (the upstream refuses those connections)', async () => {
  await engine.configure({ pools: [{ name: 'plain', servers: [{ address: upstream.address }] }], hosts: [{ serverNames: ['pp.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'plain' } }] }] });
  const before = upstream.connections.length;
  const agent = new http.Agent({ keepAlive: false });
  await expect(get(engine.port, agent)).rejects.toThrow(/status 400|status 502/);
  expect(upstream.connections.slice(before).some((c) => c.version === null)).toBe(true);
  agent.destroy();
});

describe('a TCP stream to such a pool', () => {
  it.each([
    { desc: 'sends the pool’s version (v2)', pool: 'v2' as const, streamSend: false, expected: 'v2' },
    { desc: 'sends v1 for proxy_protocol on when the pool asks for nothing', pool: 'off' as const, streamSend: true, expected: 'v1' },
    { desc: 'sends nothing when neither asks', pool: 'off' as const, streamSend: false, expected: null },
  ])('$desc', async ({ pool, streamSend, expected }) => {
    const first: Buffer[] = [];
    let ended!: () => void;
    const received = new Promise<void>((resolve) => (ended = resolve));
    const raw = net.createServer((socket) => {
      socket.on('data', (chunk) => first.push(chunk));
      socket.on('end', () => {
        socket.end();
        ended();
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    try {
      const port = await freePort();
      await engine.configure({ hosts: [], pools: [{ name: 'tcp', proxyProtocol: pool, servers: [{ address: `127.0.0.1:${(raw.address() as net.AddressInfo).port}` }] }], streams: [{ name: 's', listenPort: port, poolId: 'tcp', proxyProtocol: { send: streamSend } }] });
      const client = net.connect(port, '127.0.0.1');
      const localPort = await new Promise<number>((resolve) => client.once('connect', () => resolve(client.localPort!)));
      client.end('hello');
      await received;
      const data = Buffer.concat(first);
      const header = parseProxyHeader(data);
      if (expected === null) {
        expect(data.toString()).toBe('hello');
        return;
      }
      expect(header).toMatchObject({ kind: 'header', source: '127.0.0.1', sourcePort: localPort });
      expect(data.subarray(0, 5).toString() === 'PROXY' ? 'v1' : 'v2').toBe(expected);
      expect(data.subarray((header as { length: number }).length).toString()).toBe('hello');
    } finally {
      await new Promise((resolve) => raw.close(resolve));
    }
  });
});

describe('the header goes first, on every kind of upstream connection', () => {
  const { certPem, keyPem } = buildCertificate({ commonName: 'upstream.test', dnsNames: ['upstream.test'] });
  let secure: Awaited<ReturnType<typeof startProxyProtocolUpstream>>;
  beforeAll(async () => {
    secure = await startProxyProtocolUpstream({ key: keyPem, cert: certPem });
  });
  afterAll(async () => secure?.close());

  it('before the TLS handshake to an HTTPS upstream', async () => {
    await engine.configure({
      pools: [{ name: 'tls', proxyProtocol: 'v2', tls: { verify: false }, servers: [{ address: secure.address }] }],
      hosts: [{ serverNames: ['pp.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'tls', scheme: 'https' } }] }],
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { answer, localPort } = await get(engine.port, agent);
      expect(answer).toMatchObject({ version: 'v2', source: '127.0.0.1', sourcePort: localPort });
    } finally {
      agent.destroy();
    }
  });

  it('on a WebSocket upgrade', async () => {
    await engine.configure({
      pools: [{ name: 'pp', proxyProtocol: 'v1', servers: [{ address: upstream.address }] }],
      hosts: [{ serverNames: ['pp.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'pp' }, policies: { websocket: { enabled: true } } }] }],
    });
    const { seen, localPort } = await new Promise<{ seen: Answer; localPort: number }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: engine.port, path: '/', headers: { host: 'pp.test', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      req.on('upgrade', (res, socket: net.Socket) => {
        resolve({ seen: JSON.parse(String(res.headers['x-seen'])) as Answer, localPort: req.socket!.localPort! });
        socket.destroy();
      });
      req.on('response', (res) => reject(new Error(`status ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
    expect(seen).toMatchObject({ version: 'v1', source: '127.0.0.1', sourcePort: localPort });
  });
});
