// Micro-benchmark of shared upstream selection (proxy-engine/balancer/pool-runtime.ts with
// a `generation`): ns per pick + release with the weights in the runtime (one worker),
// with shared server state but local weights (before: each worker its own sequence), and
// with shared selection (weights in shared memory, each pick under the pool's lock); then
// two threads picking from one shared pool at once.
// Run: node bench/micro/shared-selection.ts   (not a test; numbers vary by machine and load)
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Algorithm, PoolInput } from '../../core/config/pool.ts';
import { compilePool, type PoolRuntime } from '../../proxy-engine/balancer/pool-runtime.ts';
import { ServerStateRegistry } from '../../proxy-engine/balancer/server-state.ts';
import { isPickError } from '../../proxy-engine/balancer/types.ts';
import { attachSharedState, createSharedState, type SharedStateHandles } from '../../proxy-engine/shared/shared-state.ts';
import { context, poolConfig } from '../../test/helpers/balancer-support.ts';

const ITERATIONS = 1_000_000;
const ROUNDS = 5;

function pool(algorithm: Algorithm, servers: number): PoolInput {
  return {
    name: 'bench',
    algorithm,
    ...(algorithm === 'HASH' ? { balance: { hashKey: { source: 'uri' as const }, consistent: true } } : {}),
    servers: Array.from({ length: servers }, (_, i) => ({ address: `10.0.${i >> 8}.${i & 255}:80`, weight: i === 0 ? 5 : 1 })),
  };
}

const ctx = context({ uri: '/some/path?x=1' });

function run(runtime: PoolRuntime, n: number): void {
  for (let i = 0; i < n; i++) {
    const peer = runtime.pick(ctx);
    if (isPickError(peer)) throw new Error(peer.error);
    peer.release('success');
  }
}

/** ns per pick + release, the best of ROUNDS rounds (the machine is shared). */
function best(runtime: PoolRuntime, iterations: number): number {
  run(runtime, 50_000);
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    run(runtime, iterations / ROUNDS);
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / (iterations / ROUNDS));
  }
  return fastest;
}

const CASES: Array<[string, Algorithm, number]> = [
  ['round robin 3 (5/1/1)', 'ROUND_ROBIN', 3],
  ['round robin 32', 'ROUND_ROBIN', 32],
  ['least_conn 3', 'LEAST_CONN', 3],
  ['least_conn 100', 'LEAST_CONN', 100],
  ['hash consistent 10', 'HASH', 10],
  ['ip_hash 10', 'IP_HASH', 10],
];

if (isMainThread) {
  const handles = createSharedState({ bytes: 1 << 20, maxServers: 4096 });
  const rows: Array<[string, number, number, number]> = [];
  CASES.forEach(([label, algorithm, servers], i) => {
    const config = poolConfig(pool(algorithm, servers), `pool-${i}`);
    const local = best(compilePool(config, new ServerStateRegistry()), ITERATIONS);
    const sharedState = best(compilePool(config, attachSharedState(handles).registry), ITERATIONS);
    const sharedSelection = best(compilePool(config, attachSharedState(handles).registry, Date.now, { generation: 1 }), ITERATIONS);
    rows.push([label, local, sharedState, sharedSelection]);
  });
  console.log('ns per pick + release, one thread (best of 5 rounds)');
  console.log('| pool | local weights, plain state | local weights, shared state | shared selection |');
  console.log('|---|---:|---:|---:|');
  for (const [label, a, b, c] of rows) console.log(`| ${label} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${c.toFixed(0)} |`);

  // Two threads on one shared pool at once (round robin 3): the lock's cost under contention.
  const contended = async (threads: number): Promise<number> => {
    const workers = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url), { workerData: { handles, threads } }));
    const results = await Promise.all(workers.map((w) => new Promise<number>((resolve, reject) => w.once('message', resolve).once('error', reject))));
    await Promise.all(workers.map((w) => w.terminate()));
    return Math.max(...results);
  };
  for (const threads of [1, 2]) {
    const ns = await contended(threads);
    console.log(`shared selection, round robin 3, ${threads} thread(s) at once: ${ns.toFixed(0)} ns per pick + release per thread, ${((threads * 1e9) / ns).toFixed(0)} picks/s in all`);
  }
} else {
  const { handles } = workerData as { handles: SharedStateHandles; threads: number };
  const runtime = compilePool(poolConfig(pool('ROUND_ROBIN', 3), 'contended'), attachSharedState(handles).registry, Date.now, { generation: 1 });
  parentPort!.postMessage(best(runtime, ITERATIONS));
}
