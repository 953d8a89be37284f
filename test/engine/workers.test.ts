// An engine with two data-plane workers (PORTICO_WORKERS=2): connections land on both,
// an apply reaches both before it counts as applied, and what both count and log comes
// out of the main thread as one engine (the SSE stream, /metrics, logs/access.log).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { control, holdConnection, streamedRequests, workerStatuses, type HeldConnection } from '../helpers/engine-workers.ts';
import { waitFor } from '../helpers/ports.ts';
import { loadConfig } from '../../core/db/load-config.ts';

const CONNECTIONS = 24;
const HOST = 'workers.test';
let engine: TestEngine;
let held: HeldConnection[] = [];

const answering = (body: string) => ({ hosts: [{ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'return', status: 200, body } }] }] });

beforeAll(async () => {
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  await engine.configure(answering('first'));
});
afterAll(async () => {
  for (const c of held) c.close();
  await engine?.stop();
});

describe('two data-plane workers', () => {
  it('both accept connections on the one port', async () => {
    held = Array.from({ length: CONNECTIONS }, () => holdConnection(engine.port));
    for (const c of held) expect(await c.get('/', HOST)).toEqual({ status: 200, body: 'first' });
    const workers = await workerStatuses(engine);
    expect(workers.map((w) => w.id)).toEqual([1, 2]);
    // The kernel spreads connections over the SO_REUSEPORT listeners: 24 on one worker alone would be a 1 in 2^23 chance.
    expect(workers.every((w) => w.connections > 0)).toBe(true);
    expect(workers.reduce((sum, w) => sum + w.connections, 0)).toBe(CONNECTIONS);
    expect(workers.every((w) => w.threadId !== null && w.restarts === 0)).toBe(true);
  });

  it('applies a revision in every worker before it counts as applied', async () => {
    await engine.configure(answering('second'));
    const revision = engine.engine.applier.status().appliedRevision;
    // No wait: the first request on every held connection, on either worker, sees the new revision.
    const answers = await Promise.all(held.map((c) => c.get('/', HOST)));
    expect(answers.every((a) => a.body === 'second')).toBe(true);
    const workers = await workerStatuses(engine);
    expect(workers.map((w) => w.appliedRevision)).toEqual([revision, revision]);
  });

  it('merges both workers statistics: every request once in the stream, in /metrics and per worker', async () => {
    // 2 rounds above plus 3 here, on every held connection.
    for (let round = 0; round < 3; round++) await Promise.all(held.map((c) => c.get('/', HOST)));
    const expected = CONNECTIONS * 5;
    expect(await streamedRequests(engine, (total) => total >= expected, 5000)).toBe(expected);
    const metrics = await (await control(engine, 'GET', '/metrics')).text();
    const requests = [...metrics.matchAll(new RegExp(`^portico_requests_total\\{host="${HOST}",code="200"\\} (\\d+)$`, 'gm'))].map((m) => Number(m[1]));
    expect(requests).toEqual([expected]);
    const perWorker = [...metrics.matchAll(/^portico_worker_requests_total\{worker="(\d)"\} (\d+)$/gm)].map((m) => Number(m[2]));
    expect(perWorker).toHaveLength(2);
    expect(perWorker.every((n) => n > 0)).toBe(true);
    expect(perWorker[0]! + perWorker[1]!).toBe(expected);
    const workers = await workerStatuses(engine);
    expect(workers.map((w) => w.requests)).toEqual(perWorker);
  });

  it('writes both workers access lines into the one access.log', async () => {
    const file = path.join(engine.dataDir, 'logs', 'access.log');
    const expected = CONNECTIONS * 5;
    const lines = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
    await waitFor('every access line', async () => lines().length >= expected, 5000, 100);
    const entries = lines().map((l) => JSON.parse(l) as { host: string; status: number; requestId: string });
    expect(entries).toHaveLength(expected);
    expect(entries.every((e) => e.host === HOST && e.status === 200)).toBe(true);
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(expected);
  });

  it('keeps a worker that cannot compile a snapshot on its old runtime, and says so', async () => {
    const good = await loadConfig(engine.db);
    // The applier never sends what did not compile in the main thread; handed to the
    // workers directly, a snapshot whose hosts are not a list cannot compile there either.
    await engine.engine.workers!.apply({ ...good, revision: good.revision + 1, hosts: 'not a list' as unknown as typeof good.hosts });
    const status = (await (await control(engine, 'GET', '/status')).json()) as { errors: { objectId: string; message: string }[]; workers: { appliedRevision: number; error: string | null }[] };
    expect(status.workers.map((w) => w.appliedRevision)).toEqual([good.revision, good.revision]);
    expect(status.workers.every((w) => w.error?.includes(`revision ${good.revision + 1} could not be compiled`))).toBe(true);
    expect(status.errors.filter((e) => e.objectId.startsWith('worker-')).map((e) => e.objectId).sort()).toEqual(['worker-1', 'worker-2']);
    // Both keep serving the revision they had.
    const answers = await Promise.all(held.map((c) => c.get('/', HOST)));
    expect(answers.every((a) => a.status === 200 && a.body === 'second')).toBe(true);
    // The next revision that compiles clears the report.
    await engine.configure(answering('third'));
    expect((await workerStatuses(engine)).map((w) => w.error)).toEqual([null, null]);
    expect((await held[0]!.get('/', HOST)).body).toBe('third');
  });

  it('carries both workers lines to the live tail', async () => {
    const controller = new AbortController();
    const res = await control(engine, 'GET', '/logs/stream', controller.signal);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    await reader.read(); // the tail's opening comment: subscribed
    await Promise.all(held.map((c) => c.get('/tailed', HOST)));
    let text = '';
    const deadline = Date.now() + 5000;
    // Lines of the requests before may still be on their way (a worker sends every 100 ms).
    const tailed = () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => (JSON.parse(m[1]!) as { uri: string }).uri).filter((uri) => uri === '/tailed');
    while (tailed().length < CONNECTIONS && Date.now() < deadline) text += decoder.decode((await reader.read()).value, { stream: true });
    controller.abort();
    expect(tailed()).toHaveLength(CONNECTIONS);
  });
});
