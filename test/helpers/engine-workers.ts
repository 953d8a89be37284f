// Helpers for tests of an engine with several data-plane workers: the control API's
// status, keep-alive connections held open (each stays on the worker that accepted it),
// and the merged statistics as the SSE stream carries them.
import http from 'node:http';
import { readControlToken } from '../../core/contract/control-token.ts';
import type { WorkerStatus } from '../../proxy-engine/workers/messages.ts';
import type { TestEngine } from './engine.ts';

export async function control(engine: TestEngine, method: string, pathname: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`http://127.0.0.1:${engine.engine.ports.control}${pathname}`, { method, headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}` }, signal });
}

export async function workerStatuses(engine: TestEngine): Promise<WorkerStatus[]> {
  const status = (await (await control(engine, 'GET', '/status')).json()) as { workers: WorkerStatus[] };
  return status.workers;
}

/** One keep-alive connection: every request on it goes to the worker that accepted it. */
export interface HeldConnection {
  get(path: string, host: string): Promise<{ status: number; body: string }>;
  close(): void;
}

export function holdConnection(port: number): HeldConnection {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (path, host) =>
      new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', reject);
        });
        req.setTimeout(5000, () => req.destroy(new Error('timed out')));
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

/** Total requests in the engine's one-second snapshots (the SSE stream, replayed from the ring) until `enough` or the time runs out. */
export async function streamedRequests(engine: TestEngine, enough: (total: number) => boolean, timeoutMs = 5000): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let total = 0;
  try {
    const res = await fetch(`http://127.0.0.1:${engine.engine.ports.control}/stats/stream`, {
      headers: { authorization: `Bearer ${readControlToken(engine.dataDir)}`, 'last-event-id': '0' },
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (data) total += (JSON.parse(data) as { total: { requests: number } }).total.requests;
      }
      if (enough(total)) break;
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return total;
}
