// Traffic for the cross-worker proofs (test/engine/workers-shared-state.test.ts): keep-alive
// connections that stay on the worker that accepted them, sent in waves, and a way to
// find out which of an engine's workers holds a connection.
import http from 'node:http';
import type { TestEngine } from './engine.ts';
import { workerStatuses } from './engine-workers.ts';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** From sending the request to the end of the response. */
  ms: number;
}

/** One keep-alive connection to 127.0.0.1:port: every request on it reaches the same worker. */
export interface KeptConnection {
  get(path: string, host: string): Promise<Answer>;
  close(): void;
}

export function keepConnection(port: number): KeptConnection {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path, host) =>
      new Promise((resolve, reject) => {
        const sentAt = performance.now();
        const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString(), ms: performance.now() - sentAt }));
          res.on('error', reject);
        });
        req.setTimeout(5000, () => req.destroy(new Error(`${path}: no answer in 5 s`)));
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

/**
 * One request per connection at once, `waves` times, each wave starting `spacingMs` after
 * the one before (or when it ended, if later). Answers in wave order.
 */
export async function sendWaves(connections: KeptConnection[], path: string, host: string, waves: number, spacingMs: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  const start = performance.now();
  for (let wave = 0; wave < waves; wave++) {
    const wait = start + wave * spacingMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    answers.push(...(await Promise.all(connections.map((c) => c.get(path, host)))));
  }
  return answers;
}

/** Opens connections one by one until one is held by each of the engine's workers: [worker 1's, worker 2's, …]. */
export async function connectionPerWorker(engine: TestEngine, host: string, path: string, attempts = 32): Promise<KeptConnection[]> {
  const found = new Map<number, KeptConnection>();
  const spare: KeptConnection[] = [];
  let workers = await workerStatuses(engine);
  for (let i = 0; i < attempts && found.size < workers.length; i++) {
    const connection = keepConnection(engine.port);
    await connection.get(path, host);
    const now = await workerStatuses(engine);
    // The other connections are idle and held: the one worker whose count rose took this one.
    const gained = now.filter((w) => w.connections > (workers.find((b) => b.id === w.id)?.connections ?? 0));
    workers = now;
    if (gained.length === 1 && !found.has(gained[0]!.id)) found.set(gained[0]!.id, connection);
    else spare.push(connection);
  }
  for (const c of spare) c.close();
  if (found.size < workers.length) throw new Error(`connections reached ${found.size} of ${workers.length} workers`);
  return [...found.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
}
