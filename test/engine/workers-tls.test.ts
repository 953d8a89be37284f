// TLS sessions resume on any worker: the ticket key is the engine's (the main thread
// holds and rotates it), so a ticket one worker issued is accepted by the other. The
// resumed connections are held open until the status shows them on both workers.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { workerStatuses } from '../helpers/engine-workers.ts';

const HOST = 'resume.test';
const RESUMED = 16;
let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  await engine.configure({ hosts: [{ serverNames: [HOST], entrypoints: ['https'], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'secure' } }] }] });
});
afterAll(async () => {
  await engine?.stop();
});

/** A TLS connection that made one HTTP/1.1 request (so a TLS 1.3 ticket has arrived) and stays open. */
function connect(session?: Buffer): Promise<{ socket: tls.TLSSocket; session: Buffer; resumed: boolean; body: string }> {
  return new Promise((resolve, reject) => {
    let ticket: Buffer | undefined;
    const socket = tls.connect({ host: '127.0.0.1', port: engine.engine.ports.https, servername: HOST, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], session });
    socket.on('session', (s: Buffer) => (ticket = s));
    socket.once('secureConnect', () => socket.write(`GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`));
    let response = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      response += chunk;
      if (!response.endsWith('secure')) return;
      // The ticket may follow the handshake by a moment.
      const done = () => resolve({ socket, session: ticket ?? socket.getSession()!, resumed: socket.isSessionReused(), body: response.slice(response.indexOf('\r\n\r\n') + 4) });
      if (ticket || session) done();
      else socket.once('session', done);
    });
    socket.on('error', reject);
  });
}

describe('TLS session resumption across workers', () => {
  it('resumes a session on whichever worker takes the connection', async () => {
    const first = await connect();
    expect(first.resumed).toBe(false);
    expect(first.body).toBe('secure');
    const resumed = [];
    for (let i = 0; i < RESUMED; i++) resumed.push(await connect(first.session));
    // Held open: the status counts them per worker. 17 on one worker alone would be a 1 in 2^16 chance.
    const workers = await workerStatuses(engine);
    for (const c of [first, ...resumed]) c.socket.destroy();
    expect(workers.every((w) => w.connections > 0)).toBe(true);
    expect(workers.reduce((sum, w) => sum + w.connections, 0)).toBe(RESUMED + 1);
    expect(resumed.map((c) => c.body)).toEqual(Array(RESUMED).fill('secure'));
    expect(resumed.filter((c) => !c.resumed)).toHaveLength(0);
  });
});
