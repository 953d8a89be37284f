// Upstream groups of a proxy_pass with variables. Its pools are known when compiling;
// an IP address it evaluates to is only known per request: that one-server group is made
// on first use and held for the runtime generation of the request (so the keep-alive
// pool closes with that runtime, as a compiled address's does).
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import { compilePool, type PoolRuntime } from '../balancer/pool-runtime.ts';
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import type { RequestContext } from '../runtime/types.ts';
import type { UpstreamClients } from './clients.ts';
import { createUpstreamGroup, type UpstreamGroup } from './group.ts';

/** Addresses remembered per location; past it a group is made per request. */
const MAX_CACHED_ADDRESSES = 64;

export interface DynamicGroupDeps {
  registry: ServerStateRegistry;
  clients: UpstreamClients;
}

export function dynamicAddressGroup(
  scheme: 'http' | 'https',
  connectTimeoutMs: number,
  deps: DynamicGroupDeps,
  guard: boolean,
): (address: string, ctx: RequestContext) => UpstreamGroup {
  const cache = new Map<string, UpstreamGroup>();
  return (address, ctx) => {
    const known = cache.get(address);
    if (known) return known;
    const config = { ...PoolInput.parse({ name: 'address', servers: [{ address }] }), id: `address:${scheme}:${address}`, name: address } as PoolConfig;
    const plan = deps.clients.plan();
    const group = createUpstreamGroup(config, compilePool(config, deps.registry), plan, deps.registry, { scheme, connectTimeoutMs, guard });
    deps.clients.commit(plan, ctx.runtime.generation);
    if (cache.size < MAX_CACHED_ADDRESSES) cache.set(address, group);
    return group;
  };
}

/**
 * The group a proxy_pass with variables names before any request: none. The action stage
 * resolves the real one first; anything asking this one gets "no servers".
 */
export function createUnresolvedGroup(): UpstreamGroup {
  const unresolved = (): never => {
    throw new Error('a proxy_pass with variables is resolved per request');
  };
  const pool: PoolRuntime = { id: 'variables', name: 'variables', algorithm: 'ROUND_ROBIN', tries: 0, peers: [], keys: [], pick: () => ({ error: 'no_live_upstreams' }) };
  return {
    name: 'variables',
    size: 0,
    pool,
    config: PoolInput.parse({ name: 'variables', servers: [{ address: '127.0.0.1:1', down: true }] }) as PoolConfig,
    scheme: 'http',
    proxyProtocol: null,
    pick: () => ({ error: 'no_live_upstreams' }),
    client: unresolved,
    dispatcher: unresolved,
    connectOptions: unresolved,
    waitForSlot: async () => false,
  };
}
