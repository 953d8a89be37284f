// Active health checks run once, in the engine's main thread; their verdicts reach every
// worker's balancer: a server the check takes out gets no client request from either
// worker (a 500 is no passive failure, so only the verdict keeps requests away).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBreakableUpstream, startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { control, holdConnection, workerStatuses } from '../helpers/engine-workers.ts';
import { waitFor } from '../helpers/ports.ts';

const HOST = 'checked.test';
let engine: TestEngine;
let good: EchoUpstream;
let flaky: EchoUpstream & { broken: boolean };

beforeAll(async () => {
  good = await startEchoUpstream(undefined, 'good');
  flaky = await startBreakableUpstream('flaky');
  engine = await startTestEngine({ PORTICO_WORKERS: '2' });
  await engine.configure({
    pools: [{ name: 'checked', servers: [{ address: good.address }, { address: flaky.address }], healthCheck: { intervalMs: 100, timeoutMs: 500, path: '/health', rise: 1, fall: 1 } }],
    hosts: [{ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'checked' } }] }],
  });
});
afterAll(async () => {
  await engine?.stop();
  await Promise.all([good?.close(), flaky?.close()]);
});

describe('active health verdicts across workers', () => {
  it('keeps every worker off a server the main thread found unhealthy', async () => {
    const pool = await engine.db.pool.findFirstOrThrow({ where: { name: 'checked' } });
    const health = async () => (await (await control(engine, 'GET', `/pools/${pool.id}/health`)).json()) as { servers: { status: string }[] };
    await waitFor('both servers healthy', async () => (await health()).servers.every((s) => s.status === 'healthy'), 5000);
    flaky.broken = true;
    await waitFor('the flaky server unhealthy', async () => (await health()).servers[1]!.status === 'unhealthy', 5000);
    const before = flaky.seen.filter((r) => r.url !== '/health').length;
    // Held connections, so both workers are asked (16 on one alone: a 1 in 2^15 chance).
    const connections = Array.from({ length: 16 }, () => holdConnection(engine.port));
    const answers = await Promise.all(connections.map(async (c) => [await c.get('/a', HOST), await c.get('/b', HOST)]));
    expect((await workerStatuses(engine)).every((w) => w.connections > 0)).toBe(true);
    for (const c of connections) c.close();
    expect(answers.flat().map((a) => a.status)).toEqual(Array(32).fill(200));
    expect(flaky.seen.filter((r) => r.url !== '/health').length).toBe(before);
  });
});
