// The node registry on one database, two Prisma clients standing for two instances: a name
// belongs to one live instance, a clean stop is down at once, a silent one after 10 s, the
// lease holder is marked, old nodes are pruned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataDir } from '../../test/helpers/data-dir.ts';
import { openDb, type Db } from './client.ts';
import { acquireLease, CONTROLLER_LEASE_NAME } from './lease.ts';
import { heartbeat, listNodes, markStopped, NODE_DOWN_AFTER_MS, NODE_PRUNE_AFTER_MS, pruneNodes, type NodeBeat } from './node-registry.ts';

let data: Awaited<ReturnType<typeof createDataDir>>;
let a: Db;
let b: Db;
const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number) => new Date(T0 + ms);

function beat(name: string, instanceId: string, extra: Partial<NodeBeat> = {}): NodeBeat {
  return { name, role: 'all', instanceId, controllerId: `${instanceId}-controller`, hostname: 'box', appliedRevision: 3, requestsPerSecond: 0, version: '0.1.0', startedAt: at(0), ...extra };
}

beforeAll(async () => {
  data = await createDataDir('portico-nodes-');
  [a, b] = await Promise.all([openDb(data.dir), openDb(data.dir)]);
});

afterAll(async () => {
  await Promise.all([a.$disconnect(), b.$disconnect()]);
  data.cleanup();
});

describe('node registry', () => {
  // One sequence over the name "box-8080"; each step says who beats when and what it gets.
  const steps: { desc: string; db: 'a' | 'b'; instance: string; ms: number; ok: boolean }[] = [
    { desc: 'the first instance registers the name', db: 'a', instance: 'one', ms: 0, ok: true },
    { desc: 'it heart-beats', db: 'a', instance: 'one', ms: 2_000, ok: true },
    { desc: 'a second live instance under the same name is refused', db: 'b', instance: 'two', ms: 4_000, ok: false },
    { desc: 'still refused just before the first is down', db: 'b', instance: 'two', ms: 2_000 + NODE_DOWN_AFTER_MS - 1, ok: false },
    { desc: 'the first went silent for 10 s: the name is free', db: 'b', instance: 'two', ms: 2_000 + NODE_DOWN_AFTER_MS + 1, ok: true },
    { desc: 'the first, back, is refused while the second lives', db: 'a', instance: 'one', ms: 13_000, ok: false },
  ];
  it.each(steps)('$desc', async ({ db, instance, ms, ok }) => {
    const result = await heartbeat(db === 'a' ? a : b, beat('box-8080', instance), at(ms));
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.holder.instanceId).not.toBe(instance);
  });

  it('lists up and down nodes with their role and revision, live ones first', async () => {
    await heartbeat(a, beat('edge-1', 'e1', { role: 'engine', appliedRevision: 7, requestsPerSecond: 12.5 }), at(20_000));
    await heartbeat(a, beat('panel', 'p1', { role: 'dashboard', appliedRevision: null }), at(29_000));
    const nodes = await listNodes(a, T0 + 30_000);
    expect(nodes.map((n) => [n.name, n.role, n.appliedRevision, n.status])).toEqual([
      ['panel', 'dashboard', null, 'up'],
      ['box-8080', 'all', 3, 'down'],
      ['edge-1', 'engine', 7, 'down'],
    ]);
    expect(nodes.find((n) => n.name === 'edge-1')).toMatchObject({ lastSeenAt: at(20_000).toISOString(), requestsPerSecond: 12.5 });
  });

  it('marks a cleanly stopped node down at once, and its name is free again', async () => {
    await heartbeat(a, beat('quick', 'q1'), at(40_000));
    expect((await listNodes(a, T0 + 40_500)).find((n) => n.name === 'quick')?.status).toBe('up');
    await markStopped(a, 'quick', 'q1', at(40_500));
    expect((await listNodes(a, T0 + 40_600)).find((n) => n.name === 'quick')?.status).toBe('down');
    expect((await heartbeat(b, beat('quick', 'q2'), at(41_000))).ok).toBe(true);
  });

  it('marks the node whose controller holds the lease', async () => {
    const now = Date.now();
    await heartbeat(a, beat('holder', 'h1'), new Date(now));
    await heartbeat(a, beat('standby', 's1'), new Date(now));
    expect(await acquireLease(b, CONTROLLER_LEASE_NAME, 'h1-controller', 10_000, new Date(now))).toBe(true);
    const nodes = await listNodes(a, now + 1000);
    expect(nodes.filter((n) => n.controller).map((n) => n.name)).toEqual(['holder']);
  });

  it('prunes nodes not seen for a day', async () => {
    await heartbeat(a, beat('old', 'o1'), at(0));
    const pruned = await pruneNodes(a, T0 + NODE_PRUNE_AFTER_MS + 60_000);
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect((await a.node.findMany()).map((n) => n.name)).not.toContain('old');
  });
});
