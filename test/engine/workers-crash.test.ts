// A worker that dies mid-load (worker.terminate(), as an uncaught error ends it) is
// restarted with the revision in service while the other keeps serving: requests on the
// other worker's connections see no failure at all, and the restart is counted and logged.
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { workerStatuses } from '../helpers/engine-workers.ts';
import { waitFor } from '../helpers/ports.ts';
import { request } from '../helpers/http-client.ts';

const HOST = 'crash.test';
const CONNECTIONS = 16;
let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  await engine.configure({ hosts: [{ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'return', status: 200, body: 'alive' } }] }] });
});
afterAll(async () => {
  await engine?.stop();
});

/** One keep-alive connection looping requests; it remembers whether its own socket was closed under it. */
class LoopingConnection {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  socket: net.Socket | null = null;
  lost = false;
  ok = 0;
  okAfterKill = 0;
  failures: string[] = [];
  running = true;
  killed = false;
  abandoned = false;

  once(): Promise<void> {
    return new Promise((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: engine.port, path: '/', agent: this.agent, headers: { host: HOST } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          if (res.statusCode === 200 && body === 'alive') {
            this.ok++;
            if (this.killed) this.okAfterKill++;
          } else this.failures.push(`${res.statusCode} ${body}`);
          resolve();
        });
        res.on('error', (e) => (this.failures.push(e.message), resolve()));
      });
      req.on('socket', (socket: net.Socket) => {
        if (this.socket === null) {
          this.socket = socket;
          socket.once('close', () => (this.lost = true));
        } else if (socket !== this.socket) {
          // The agent opened a new connection: the first one was lost (its 'close' was not seen yet).
          this.lost = true;
          this.abandoned = true;
          req.destroy();
        }
      });
      req.setTimeout(3000, () => req.destroy(new Error('timed out')));
      req.on('error', (e) => {
        if (this.abandoned) return resolve();
        this.failures.push(e.message);
        // The socket's own 'close' may come after the request's error: it is lost either way.
        if (this.socket?.destroyed) this.lost = true;
        resolve();
      });
      req.end();
    });
  }

  async loop(): Promise<void> {
    while (this.running && !this.lost) await this.once();
  }
}

describe('a worker that dies', () => {
  it('is restarted while the other worker serves its connections without a single failure', async () => {
    const connections = Array.from({ length: CONNECTIONS }, () => new LoopingConnection());
    for (const c of connections) await c.once();
    const before = await workerStatuses(engine);
    const onFirst = before.find((w) => w.id === 1)!.connections;
    expect(onFirst).toBeGreaterThan(0);
    expect(onFirst).toBeLessThan(CONNECTIONS);

    const loops = connections.map((c) => c.loop());
    await new Promise((r) => setTimeout(r, 300));
    for (const c of connections) c.killed = true;
    await engine.engine.workers!.terminate(1);
    await new Promise((r) => setTimeout(r, 1500));
    for (const c of connections) c.running = false;
    await Promise.all(loops);
    for (const c of connections) c.agent.destroy();

    const lost = connections.filter((c) => c.lost);
    const kept = connections.filter((c) => !c.lost);
    // Exactly the dead worker's connections were lost (at most one request in flight on each failed).
    expect(lost).toHaveLength(onFirst);
    for (const c of lost) expect(c.failures.length).toBeLessThanOrEqual(1);
    // The other worker's: no failure, and each kept serving after the kill.
    expect(kept.flatMap((c) => c.failures)).toEqual([]);
    expect(kept.every((c) => c.okAfterKill > 10)).toBe(true);

    // Restarted with the revision in service, counted, logged.
    const revision = engine.engine.applier.status().appliedRevision;
    const after = await waitFor('the worker to be back', async () => {
      const workers = await workerStatuses(engine);
      return workers.every((w) => w.error === null && w.appliedRevision === revision) ? workers : null;
    }, 10_000, 100);
    expect(after.map((w) => w.restarts)).toEqual([1, 0]);
    expect(after[0]!.threadId).not.toBe(before[0]!.threadId);
    const errorLog = path.join(engine.dataDir, 'logs', 'error.log');
    await waitFor('the restart in error.log', async () => fs.existsSync(errorLog) && fs.readFileSync(errorLog, 'utf8').includes('worker 1 ended'), 5000, 100);

    // New connections are served (by either worker) again.
    for (let i = 0; i < 20; i++) expect((await request(engine.port, '/', { headers: { host: HOST } })).body).toBe('alive');
  });
});
