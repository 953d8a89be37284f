// Round-robin selection shared by worker threads: two threads picking at once from one
// pool follow the single-thread sequence exactly (counts, and the state it leaves), a
// newer revision starts the weights afresh, and a thread that dies holding the pool's
// selection lock does not wedge the others.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { PoolInput } from '../../core/config/pool.ts';
import { compilePool } from '../balancer/pool-runtime.ts';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { isPickError } from '../balancer/types.ts';
import { context, poolConfig } from '../../test/helpers/balancer-support.ts';
import { attachSharedState, createSharedState, releaseSharedThread } from './shared-state.ts';
import type { ZoneCommand, ZoneWorkerData } from './fixtures/zone-worker.ts';

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

interface Thread {
  worker: Worker;
  ask<T>(command: ZoneCommand): Promise<T>;
  next(): Promise<unknown>;
}

async function startThread(data: ZoneWorkerData): Promise<Thread> {
  const worker = new Worker(new URL('./fixtures/zone-worker.ts', import.meta.url), { workerData: data });
  started.push(worker);
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => resolve());
  });
  const pending: ((value: unknown) => void)[] = [];
  worker.on('message', (value) => pending.shift()?.(value));
  const next = () => new Promise<unknown>((resolve) => pending.push(resolve));
  return {
    worker,
    next,
    ask: <T>(command: ZoneCommand) => {
      const answer = next() as Promise<T>;
      worker.postMessage(command);
      return answer;
    },
  };
}

function clockBuffer(): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(16);
  new Float64Array(buffer, 0, 1)[0] = 1_000_000;
  return buffer;
}

/** The sequence one thread alone picks from a fresh compile of `pool` (the 1-worker engine). */
function singleThreadSequence(pool: PoolInput, count: number): string[] {
  const runtime = compilePool(poolConfig(pool), new ServerStateRegistry(), () => 1_000_000);
  const picks: string[] = [];
  for (let i = 0; i < count; i++) {
    const peer = runtime.pick(context());
    if (isPickError(peer)) throw new Error(peer.error);
    picks.push(peer.address);
    peer.release('success');
  }
  return picks;
}

function counts(addresses: readonly string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const address of addresses) result[address] = (result[address] ?? 0) + 1;
  return result;
}

const WEIGHTED: PoolInput = {
  name: 'app',
  servers: [
    { address: '10.0.0.1:80', weight: 5 },
    { address: '10.0.0.2:80', weight: 1 },
    { address: '10.0.0.3:80', weight: 1 },
  ],
};

describe('round-robin selection shared by worker threads', () => {
  it('weights 5/1/1: two threads picking 70,003 times at once give the single thread\'s counts, and leave its state', async () => {
    const handles = createSharedState({ bytes: 1 << 20, maxServers: 64 });
    const data: ZoneWorkerData = { handles, clock: clockBuffer(), zones: [], pool: WEIGHTED, generation: 1 };
    const [first, second] = await Promise.all([startThread(data), startThread(data)]);
    const picked = await Promise.all([
      first!.ask<string[]>({ cmd: 'picks', count: 35_002, barrier: 2 }),
      second!.ask<string[]>({ cmd: 'picks', count: 35_001, barrier: 2 }),
    ]);
    // The barrier starts both loops together: their picks interleave on the shared weights.
    expect(picked.map((p) => p.length)).toEqual([35_002, 35_001]);
    const reference = singleThreadSequence(WEIGHTED, 70_003 + 14);
    expect(counts(picked.flat())).toEqual(counts(reference.slice(0, 70_003)));
    expect(counts(reference.slice(0, 70_000))).toEqual({ '10.0.0.1:80': 50_000, '10.0.0.2:80': 10_000, '10.0.0.3:80': 10_000 });
    // The shared weights are where the single thread's are after 70,003 picks: the next
    // two windows of 7, from either thread, continue its smooth order pick by pick.
    expect(await first!.ask<string[]>({ cmd: 'picks', count: 7 })).toEqual(reference.slice(70_003, 70_010));
    expect(await second!.ask<string[]>({ cmd: 'picks', count: 7 })).toEqual(reference.slice(70_010, 70_017));
  });

  it('a newer revision starts the weights afresh on its first pick; a thread still on the older one follows the shared sequence', async () => {
    const handles = createSharedState({ bytes: 1 << 20, maxServers: 64 });
    const data: ZoneWorkerData = { handles, clock: clockBuffer(), zones: [], pool: WEIGHTED, generation: 1 };
    const [first, second] = await Promise.all([startThread(data), startThread(data)]);
    const reference = singleThreadSequence(WEIGHTED, 7);
    expect(await first!.ask<string[]>({ cmd: 'picks', count: 3 })).toEqual(reference.slice(0, 3));
    await second!.ask({ cmd: 'reload', generation: 2 });
    expect(await second!.ask<string[]>({ cmd: 'picks', count: 2 })).toEqual(reference.slice(0, 2));
    expect(await first!.ask<string[]>({ cmd: 'picks', count: 5 })).toEqual(reference.slice(2, 7));
    // The first thread catches up with revision 2: no second reset.
    await first!.ask({ cmd: 'reload', generation: 2 });
    expect(await first!.ask<string[]>({ cmd: 'picks', count: 7 })).toEqual(reference);
  });

  it('a thread terminated while holding the pool\'s selection lock does not wedge the others', async () => {
    const handles = createSharedState({ bytes: 1 << 20, maxServers: 64 });
    const data: ZoneWorkerData = { handles, clock: clockBuffer(), zones: [], pool: WEIGHTED, generation: 1 };
    const [holder, other] = await Promise.all([startThread(data), startThread(data)]);
    const holding = holder!.next();
    holder!.worker.postMessage({ cmd: 'hold-selection' } satisfies ZoneCommand);
    await holding;
    const threadId = holder!.worker.threadId;
    const exited = new Promise((resolve) => holder!.worker.once('exit', resolve));
    await holder!.worker.terminate();
    await exited;
    const picks = other!.ask<string[]>({ cmd: 'picks', count: 7 });
    releaseSharedThread(handles, threadId);
    expect(await picks).toEqual(singleThreadSequence(WEIGHTED, 7));
  });
});

describe('what a worker sees of another worker\'s selection state', () => {
  it('a recovery one worker reported starts slow start on every worker', () => {
    const handles = createSharedState({ bytes: 1 << 20, maxServers: 64 });
    const [one, two] = [attachSharedState(handles).registry, attachSharedState(handles).registry];
    const state = one.get('pool-1', '10.0.0.1:80');
    expect(two.get('pool-1', '10.0.0.1:80').recoveredAt).toBe(Number.NEGATIVE_INFINITY);
    one.transition(state, 'active', 'unhealthy', 'down', 1_000);
    one.transition(state, 'active', 'healthy', 'up', 2_000);
    expect(two.get('pool-1', '10.0.0.1:80').recoveredAt).toBe(2_000);
  });

  it('a failure on one worker lowers the effective weight the other picks with (weight / max_fails)', () => {
    const handles = createSharedState({ bytes: 1 << 20, maxServers: 64 });
    const pool: PoolInput = { name: 'app', servers: [{ address: '10.0.0.1:80', weight: 4, maxFails: 2 }, { address: '10.0.0.2:80', weight: 4, maxFails: 2 }] };
    const clock = () => 1_000_000;
    const [one, two] = [0, 1].map(() => compilePool(poolConfig(pool), attachSharedState(handles).registry, clock, { generation: 1 }));
    const first = one!.pick(context());
    if (isPickError(first)) throw new Error(first.error);
    first.release('failure');
    expect(two!.peers.map((p) => p.effectiveWeight)).toEqual([2, 4]);
  });
});
