// A stream compiled for connection time: its upstream as a balanced pool (a stream that
// names one address gets a pool of one), its allow/deny rules as one predicate. Pure: a
// stream that cannot be compiled throws, and the manager disables that stream alone.
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import type { StreamConfig } from '../../core/config/stream.ts';
import { compilePool, type PoolRuntime } from '../balancer/pool-runtime.ts';
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import { compileCidr } from '../routing/cidr.ts';

export interface CompiledStream {
  readonly config: StreamConfig;
  readonly pool: PoolRuntime;
  /** Whether a client address may connect (first matching rule decides; none matching allows, as nginx). */
  allowed(address: string): boolean;
  /** Refuse link-local and metadata upstreams at connect time (the settings' SSRF guard). */
  readonly guardUpstreams: boolean;
}

function poolOf(stream: StreamConfig, pools: ReadonlyMap<string, PoolConfig>): PoolConfig {
  if (stream.poolId !== null) {
    const pool = pools.get(stream.poolId);
    if (!pool) throw Object.assign(new Error(`pool ${stream.poolId} is not in the running configuration (it is missing or disabled by its own errors)`), { path: 'poolId' });
    return pool;
  }
  // A pool of one, private to the stream: its state is keyed by the stream, not shared.
  return { ...PoolInput.parse({ name: stream.name, servers: [{ address: stream.address }] }), id: `stream:${stream.id}` };
}

export function compileStream(stream: StreamConfig, pools: ReadonlyMap<string, PoolConfig>, registry: ServerStateRegistry, guardUpstreams: boolean): CompiledStream {
  const pool = compilePool(poolOf(stream, pools), registry);
  const rules = stream.access.map((r) => ({ allow: r.action === 'allow', test: compileCidr(r.source) }));
  return {
    config: stream,
    pool,
    guardUpstreams,
    allowed(address) {
      for (const rule of rules) if (rule.test(address)) return rule.allow;
      return true;
    },
  };
}
