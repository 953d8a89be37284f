// A stream compiled for connection time: its upstream as a balanced pool (a stream that
// names one address gets a pool of one), its TLS passthrough routes by SNI name, its
// allow/deny rules as one predicate. Pure: a stream that cannot be compiled throws, and
// the manager disables that stream alone.
import { PoolInput, type PoolConfig } from '../../core/config/pool.ts';
import type { StreamConfig } from '../../core/config/stream.ts';
import { compilePool, type PoolRuntime } from '../balancer/pool-runtime.ts';
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import { compileCidr } from '../routing/cidr.ts';
import type { StreamCertificates } from './stream-certificates.ts';
import type tls from 'node:tls';

export interface CompiledStream {
  readonly config: StreamConfig;
  /** Where connections go when no SNI route takes them (null: they are closed, or on the HTTPS entrypoint terminated). */
  readonly pool: PoolRuntime | null;
  /** Whether the ClientHello is read first (sni routes are set). */
  readonly preread: boolean;
  /** The SNI route's pool for a server name, or null. */
  route(serverName: string | null): PoolRuntime | null;
  /** Every pool's registry keys, to keep their state across applies. */
  readonly keys: readonly string[];
  /** Every pool with its configuration (active health checks). */
  readonly pools: readonly { config: PoolConfig; runtime: PoolRuntime }[];
  /** Whether a client address may connect (first matching rule decides; none matching allows, as nginx). */
  allowed(address: string): boolean;
  /** Whether a peer's PROXY protocol header is believed (set_real_ip_from). */
  trustedPeer(address: string): boolean;
  /** TLS termination: the context for a client's SNI name (null when the stream does not terminate TLS). */
  readonly tlsContext: ((serverName: string | null) => tls.SecureContext | null) | null;
  /** Refuse link-local and metadata upstreams at connect time (the settings' SSRF guard). */
  readonly guardUpstreams: boolean;
}

function targetPool(owner: StreamConfig, path: string, target: { poolId: string | null; address: string | null }, pools: ReadonlyMap<string, PoolConfig>, suffix: string): PoolConfig | null {
  if (target.poolId !== null) {
    const pool = pools.get(target.poolId);
    if (!pool) throw Object.assign(new Error(`pool ${target.poolId} is not in the running configuration (it is missing or disabled by its own errors)`), { path });
    return pool;
  }
  if (target.address === null) return null;
  // A pool of one, private to the stream: its state is keyed by the stream, not shared.
  return { ...PoolInput.parse({ name: owner.name, servers: [{ address: target.address }] }), id: `stream:${owner.id}${suffix}` };
}

/** Exact names first, then the longest matching "*.domain" (one label), as TLS certificates match. */
function compileSni(routes: { names: string[]; pool: PoolRuntime }[]): (name: string | null) => PoolRuntime | null {
  const exact = new Map<string, PoolRuntime>();
  const wildcard = new Map<string, PoolRuntime>();
  for (const route of routes) {
    for (const name of route.names) {
      const table = name.startsWith('*.') ? wildcard : exact;
      const key = name.startsWith('*.') ? name.slice(2) : name;
      if (!table.has(key)) table.set(key, route.pool);
    }
  }
  return (name) => {
    if (name === null) return null;
    const hit = exact.get(name);
    if (hit) return hit;
    const dot = name.indexOf('.');
    return dot > 0 ? (wildcard.get(name.slice(dot + 1)) ?? null) : null;
  };
}

export function compileStream(stream: StreamConfig, pools: ReadonlyMap<string, PoolConfig>, registry: ServerStateRegistry, guardUpstreams: boolean, certificates: StreamCertificates | null = null): CompiledStream {
  let tlsContext: CompiledStream['tlsContext'] = null;
  if (stream.tls.terminate) {
    const pinned = stream.tls.certificateId;
    if (!certificates || certificates.count === 0) throw Object.assign(new Error('no valid certificate in Portico\'s store to terminate TLS with'), { path: 'tls.terminate' });
    if (pinned !== null && !certificates.has(pinned)) throw Object.assign(new Error(`certificate ${pinned} is not valid (pending, failed, revoked or unusable)`), { path: 'tls.certificateId' });
    tlsContext = (name) => certificates.contextFor(name, pinned);
  }
  const defaultConfig = targetPool(stream, 'poolId', stream, pools, '');
  const pool = defaultConfig ? compilePool(defaultConfig, registry) : null;
  const checked = defaultConfig && pool ? [{ config: defaultConfig, runtime: pool }] : [];
  const routes = stream.sni.map((route, i) => {
    const config = targetPool(stream, `sni.${i}.poolId`, route, pools, `#sni${i}`)!;
    const runtime = compilePool(config, registry);
    checked.push({ config, runtime });
    return { names: route.serverNames, pool: runtime };
  });
  const route = compileSni(routes);
  const rules = stream.access.map((r) => ({ allow: r.action === 'allow', test: compileCidr(r.source) }));
  const trusted = stream.proxyProtocol.trustedFrom.map(compileCidr);
  return {
    config: stream,
    pool,
    preread: routes.length > 0,
    route,
    keys: checked.flatMap((c) => c.runtime.keys),
    pools: checked,
    guardUpstreams,
    tlsContext,
    trustedPeer: (address) => trusted.some((test) => test(address)),
    allowed(address) {
      for (const rule of rules) if (rule.test(address)) return rule.allow;
      return true;
    },
  };
}
