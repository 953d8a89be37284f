// The control API's verdicts from the real engine: a reload answers with the whole status
// (per-object errors, host count) so a writer needs one call, and every running pool's
// health comes back in one call — the answers the typed engine client (core/contract/engine-client.ts) relies on.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient } from '../../core/contract/engine-client.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.stop();
});

describe('control API verdicts', () => {
  it('answers a reload with the status GET /status shows, errors included', async () => {
    await engine.configure({
      pools: [
        { name: 'one', servers: [{ address: '127.0.0.1:9' }] },
        { name: 'two', servers: [{ address: '127.0.0.1:10' }, { address: '127.0.0.1:11', backup: true }] },
      ],
      hosts: [{ serverNames: ['fine.test'], locations: [{ path: '/', action: { kind: 'proxy', poolId: 'one' } }] }],
    });
    // A pool broken behind validation's back (as a manual edit of the database would): it
    // disables itself, and the verdict names it.
    const one = await engine.db.pool.findFirstOrThrow({ where: { name: 'one' } });
    await engine.db.$transaction([
      engine.db.server.updateMany({ where: { poolId: one.id }, data: { address: 'no port here at all' } }),
      engine.db.configState.update({ where: { id: 1 }, data: { revision: { increment: 1 } } }),
    ]);
    const token = fs.readFileSync(path.join(engine.dataDir, 'engine.token'), 'utf8').trim();
    const call = (method: string, url: string) => fetch(`http://127.0.0.1:${engine.engine.ports.control}${url}`, { method, headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    const reload = await call('POST', '/reload');
    const status = await call('GET', '/status');
    expect(reload).toEqual(status);
    expect(reload).toMatchObject({ hostCount: expect.any(Number), pid: process.pid });
    expect(reload.appliedRevision).toBe(reload.desiredRevision);
    // One worker: the engine itself, serving from its main thread.
    expect(reload.workers).toEqual([{ id: 1, appliedRevision: reload.appliedRevision, connections: 0, restarts: 0, requests: 0, threadId: null, error: null }]);
    expect(reload.errors).toEqual(expect.arrayContaining([expect.objectContaining({ objectType: 'pool', objectId: one.id, path: 'servers.0.address' })]));
  });

  it('gives every running pool its health in one call', async () => {
    const client = createEngineClient(engine.dataDir);
    const pools = await engine.db.pool.findMany({ orderBy: { name: 'asc' } });
    const health = await client.poolsHealth([...pools.map((p) => p.id), 'not-a-pool']);
    expect(health).not.toBeNull();
    // "one" is disabled by its broken server: the engine does not run it.
    expect(pools.map((p) => health!.get(p.id)?.name ?? null)).toEqual([null, 'two']);
    expect(health!.get(pools[1]!.id)!.servers.map((s) => s.address)).toEqual(['127.0.0.1:10', '127.0.0.1:11']);
    expect(health!.get('not-a-pool')).toBeNull();
  });
});
