// Shared by the balancer and health tests (not shipped code paths): pools built through
// the real zod model so defaults match production, a settable clock, a request context.
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import { compilePool, type PoolRuntime } from '../../proxy-engine/balancer/pool-runtime.ts';
import { ServerStateRegistry } from '../../proxy-engine/balancer/server-state.ts';
import { attachSharedState, createSharedState } from '../../proxy-engine/shared/shared-state.ts';
import { sharedStateRequested } from './shared-state.ts';
import { isPickError, type Peer, type PickError, type SelectionContext } from '../../proxy-engine/balancer/types.ts';

export function poolConfig(input: PoolInput, id = 'pool-1'): PoolConfig {
  return { ...PoolInput.parse(input), id };
}

export interface TestClock {
  (): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function testClock(start = 1_000_000): TestClock {
  let value = start;
  const clock = (() => value) as TestClock;
  clock.advance = (ms) => {
    value += ms;
  };
  clock.set = (ms) => {
    value = ms;
  };
  return clock;
}

/** A deterministic PRNG (mulberry32), so random policies give repeatable tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function context(overrides: Partial<SelectionContext> & { headers?: Record<string, string>; cookies?: Record<string, string> } = {}): SelectionContext {
  const { headers = {}, cookies = {}, ...rest } = overrides;
  return {
    clientIp: '192.0.2.1',
    uri: '/',
    header: (name) => headers[name],
    cookie: (name) => cookies[name],
    ...rest,
  };
}

export function setup(
  input: PoolInput,
  options: { clock?: TestClock; random?: () => number; registry?: ServerStateRegistry; id?: string; steadyMinPeers?: number } = {},
) {
  const clock = options.clock ?? testClock();
  const registry = options.registry ?? newRegistry();
  const runtime: PoolRuntime = compilePool(poolConfig(input, options.id), registry, clock, {
    ...(options.random ? { random: options.random } : {}),
    ...(options.steadyMinPeers === undefined ? {} : { steadyMinPeers: options.steadyMinPeers }),
  });
  return { clock, registry, runtime };
}

/**
 * PORTICO_TEST_SHARED_STATE=1 runs the balancer tests on the shared-memory server state
 * the engine's workers use (proxy-engine/shared/server-cells.ts) instead of plain objects.
 */
export function newRegistry(): ServerStateRegistry {
  return sharedStateRequested() ? attachSharedState(createSharedState({ bytes: 1 << 16 })).registry : new ServerStateRegistry();
}

export function expectPeer(result: Peer | PickError): Peer {
  if (isPickError(result)) throw new Error(`expected a peer, got ${result.error}`);
  return result;
}

/** Picks and releases at once (sequential traffic), returning the addresses picked. */
export function sequence(runtime: PoolRuntime, count: number, ctx: SelectionContext = context()): string[] {
  const picked: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = runtime.pick(ctx);
    if (isPickError(result)) {
      picked.push(result.error);
      continue;
    }
    picked.push(result.address);
    result.release('success');
  }
  return picked;
}

/** Short names: "10.0.0.1:80" → "a", "10.0.0.2:80" → "b" … for readable expected sequences. */
export function servers(...specs: Array<Partial<PoolInput['servers'][number]> | number>): PoolInput['servers'] {
  return specs.map((spec, i) => {
    const base = { address: `10.0.0.${i + 1}:80` };
    return typeof spec === 'number' ? { ...base, weight: spec } : { ...base, ...spec };
  });
}

export function letters(addresses: string[]): string {
  return addresses.map((a) => (a.startsWith('10.0.0.') ? String.fromCharCode(96 + Number(a.slice(7, a.indexOf(':')))) : a)).join(' ');
}
