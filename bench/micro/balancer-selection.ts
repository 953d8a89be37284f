// Micro-benchmark of selection: ns per pick + release, per policy and pool size.
// Run: node bench/micro/balancer-selection.ts   (not a test; numbers vary by machine)
import type { PoolInput } from '../../core/config/pool.ts';
import { compilePool } from '../../proxy-engine/balancer/pool-runtime.ts';
import { ServerStateRegistry } from '../../proxy-engine/balancer/server-state.ts';
import { poolConfig } from '../../test/helpers/balancer-support.ts';
import { isPickError, type SelectionContext } from '../../proxy-engine/balancer/types.ts';

const SIZES = [3, 100, 1000];
const POLICIES: Array<{ label: string; algorithm: PoolInput['algorithm']; balance?: PoolInput['balance'] }> = [
  { label: 'round robin', algorithm: 'ROUND_ROBIN' },
  { label: 'least_conn', algorithm: 'LEAST_CONN' },
  { label: 'ip_hash', algorithm: 'IP_HASH' },
  { label: 'hash $request_uri', algorithm: 'HASH', balance: { hashKey: { source: 'uri' } } },
  { label: 'hash consistent', algorithm: 'HASH', balance: { hashKey: { source: 'uri' }, consistent: true } },
  { label: 'random two', algorithm: 'RANDOM_TWO' },
];

// Requests differ in client and URI, as real traffic does; built once so the loop measures selection only.
const contexts: SelectionContext[] = Array.from({ length: 1024 }, (_, i) => ({
  clientIp: `198.${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}`,
  uri: `/items/${i}?page=${i % 13}`,
  header: () => undefined,
  cookie: () => undefined,
}));

function measure(algorithm: PoolInput['algorithm'], balance: PoolInput['balance'], size: number): number {
  const servers = Array.from({ length: size }, (_, i) => ({ address: `10.${i >> 8}.${i & 255}.1:8080`, weight: 1 + (i % 3) }));
  const runtime = compilePool(poolConfig({ name: 'bench', algorithm, balance, servers }), new ServerStateRegistry());
  const run = (iterations: number) => {
    for (let i = 0; i < iterations; i++) {
      const peer = runtime.pick(contexts[i & 1023]!);
      if (!isPickError(peer)) peer.release('success');
    }
  };
  run(20_000); // warm-up: let the JIT settle
  const iterations = size >= 1000 ? 100_000 : 400_000;
  const start = process.hrtime.bigint();
  run(iterations);
  return Number(process.hrtime.bigint() - start) / iterations;
}

const rows = POLICIES.map(({ label, algorithm, balance }) => [label, ...SIZES.map((size) => measure(algorithm, balance, size))] as const);
console.log(`ns per pick + release (${process.version}, ${process.arch})`);
console.log(['policy'.padEnd(20), ...SIZES.map((s) => `${s} servers`.padStart(13))].join(''));
for (const [label, ...values] of rows) console.log([label.padEnd(20), ...values.map((v) => v.toFixed(0).padStart(13))].join(''));
