// load → validate → compile → (swap elsewhere) → commit. Compiling never throws for one
// bad object: a pool, host or location that cannot compile is left out with its errors,
// and everything else serves. Compiling is pure: what lives across revisions (limit and
// cache zones, server states, keep-alive pools, counters, certificate contexts) is only
// planned here, and changes at `commit`, after the swap. What only the old runtime used
// is released once no request holds the old runtime (runtime/generation.ts).
import { compileCharsetFilter } from '../http/charset-filter.ts';
import type { HostConfig } from '../../core/config/host.ts';
import { accessListsById } from '../../core/config/access-list.ts';
import type { Location } from '../../core/config/location.ts';
import type { PoolConfig } from '../../core/config/pool.ts';
import { PoolInput } from '../../core/config/pool.ts';
import type { RateZones } from '../middlewares/rate-limit/zones.ts';
import type { ConnZones } from '../middlewares/conn-limit/zones.ts';
import type { StatsCollector } from '../stats/collector.ts';
import { compilePool } from '../balancer/pool-runtime.ts';
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import { HostMatcher } from '../../core/config/host-matcher.ts';
import { LocationMatcher } from '../routing/location-matcher.ts';
import { compileAddressList } from '../routing/cidr.ts';
import { compileTemplate } from '../http/variables.ts';
import { hostCaptureNames } from '../http/capture-names.ts';
import { compileVariableTarget, type VariableTargetDeps } from '../upstream/variable-target.ts';
import { createUnresolvedGroup, dynamicAddressGroup } from '../upstream/dynamic-groups.ts';
import { compileRewriteProgram } from '../routing/rewrite-program.ts';
import { compileErrorPages } from '../pipeline/error-page-redirect.ts';
import { declareUserVariables } from '../http/user-variables.ts';
import { bindMapVariables, declareMapVariables, mapCaptureNames } from '../http/map-variables.ts';
import { isNamedLocation, userVariablesOf } from './rewrite-levels.ts';
import { forwardAuthVariablesOf } from './forward-auth-variables.ts';
import type { ForwardAuthTargets } from '../middlewares/forward-auth/compiled.ts';
import { literalNamedAddresses } from '../upstream/literal-named-addresses.ts';
import { compileHostResponseRules } from './response-rules.ts';
import type { UpstreamClients } from '../upstream/clients.ts';
import { RuntimeGeneration } from './generation.ts';
import { createUpstreamGroup, type UpstreamGroup } from '../upstream/group.ts';
import { compileLocation, type LocationCompileDeps } from './compile-location.ts';
import { LocationCompileError } from './compile-error.ts';
import { LimitConfigError } from '../middlewares/rate-limit/config-error.ts';
import type { CompiledAction, CompiledHost, CompiledLocation, Runtime } from './types.ts';
import type { ObjectError } from '../../core/contract/status.ts';
import type { LoadedConfig } from '../../core/config/snapshot.ts';
import { compileTls, type TlsCompileDeps } from '../tls/compile-tls.ts';
import type { CacheZones } from '../cache/zones.ts';
import { primaryServerName } from '../../core/config/primary-name.ts';
import { compileFileTypes } from '../http/file-types.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';
import { SharedCompiled } from './shared-compiled.ts';
import { entrypointSet, sharedIfEmptyArray, sharedIfEmptyMap } from './shared-collections.ts';


export interface CompileDeps extends Omit<LocationCompileDeps, 'settings' | 'collector' | 'rateZones' | 'connZones' | 'cacheZones' | 'accessLists'> {
  registry: ServerStateRegistry;
  clients: UpstreamClients;
  rateZones: RateZones;
  connZones: ConnZones;
  collector: StatsCollector;
  /** TLS: certificate contexts, the fallback certificate, OCSP (absent = no certificate store). */
  tls?: TlsCompileDeps;
  /** Response cache zones (absent = no cache); planned before locations compile against them. */
  cacheZones?: CacheZones;
}

/** How long a request of a replaced runtime keeps what only that runtime used open, at most. */
export const RETIRE_BOUND_MS = 10 * 60_000;

export interface CompiledRuntime {
  runtime: Runtime;
  /**
   * Call right after the swap (before anything else can run): the new runtime's zones,
   * server states, pools, counters and certificates become the engine's, and what only
   * `previous` used is released once no request holds `previous`.
   */
  commit(previous: Runtime | null): void;
  /** The runtime will not be used (it could not be swapped in): drop what was made for it. */
  discard(): void;
}

function hostName(host: HostConfig): string {
  return host.serverNames[0] ?? host.id;
}

/** An address target is an implicit one-server pool, as nginx treats proxy_pass host:port. */
function addressPool(address: string): PoolConfig {
  return PoolInput.parse({ name: 'address', servers: [{ address }] }) as PoolConfig & { id: string };
}

export function compileRuntime(config: LoadedConfig, deps: CompileDeps): CompiledRuntime {
  const errors: ObjectError[] = [...config.errors];
  const settings = config.settings;
  // Zones live outside the runtime: unchanged ones keep their counters across reloads.
  const rateZones = deps.rateZones.plan(config.limitZones);
  const connZones = deps.connZones.plan(config.limitZones);
  const cacheZones = deps.cacheZones?.plan(config.cacheZones ?? []);
  const states = deps.registry.plan();
  const clients = deps.clients.plan();
  const collector = deps.collector.plan();

  const pools = new Map<string, PoolConfig>();
  const poolFailures = new Map<string, string>();
  for (const pool of config.pools) pools.set(pool.id, pool);
  // Pools that failed validation while loading: locations using them say why.
  for (const e of config.errors) {
    if (e.objectType === 'pool' && !poolFailures.has(e.objectId)) poolFailures.set(e.objectId, `${e.path ? `${e.path}: ` : ''}${e.message}`);
  }
  const groups = new Map<string, UpstreamGroup>();
  const retainedKeys = new Set<string>();

  // A proxy_pass with variables may name any pool: its groups are not "in use" for active
  // health checks (an https target must not check an http pool over https).
  const mayBeNamedGroups = new Map<string, UpstreamGroup>();
  const groupFor = (poolConfig: PoolConfig, scheme: 'http' | 'https', connectTimeoutMs: number, inUse = true): UpstreamGroup => {
    const key = `${poolConfig.id}|${scheme}|${connectTimeoutMs}`;
    let group = groups.get(key) ?? mayBeNamedGroups.get(key);
    if (!group) {
      const runtime = compilePool(poolConfig, deps.registry, undefined, { states, generation: config.revision });
      for (const k of runtime.keys) retainedKeys.add(k);
      group = createUpstreamGroup(poolConfig, runtime, clients, deps.registry, { scheme, connectTimeoutMs, guard: !settings.allowLinkLocalUpstreams });
      (inUse ? groups : mayBeNamedGroups).set(key, group);
    } else if (inUse && !groups.has(key)) {
      groups.set(key, group);
    }
    return group;
  };
  // Compile every pool once up front so a broken pool is reported even when unused.
  for (const pool of config.pools) {
    try {
      groupFor(pool, 'http', 60000);
    } catch (error) {
      poolFailures.set(pool.id, (error as Error).message);
      errors.push({ objectType: 'pool', objectId: pool.id, name: pool.name, path: '', message: (error as Error).message });
    }
  }

  // A forward-auth policy's auth service: its pool, or its address as a one-server pool.
  const forwardAuthTargets: ForwardAuthTargets = (policy) => {
    const connectTimeoutMs = policy.timeoutMs ?? 60000;
    if (policy.poolId) {
      const failure = poolFailures.get(policy.poolId);
      if (failure) throw new LocationCompileError('policies.forwardAuth.poolId', `its pool is disabled: ${failure}`);
      const pool = pools.get(policy.poolId);
      if (!pool) throw new LocationCompileError('policies.forwardAuth.poolId', `pool ${policy.poolId} does not exist`);
      return { group: groupFor(pool, policy.scheme, connectTimeoutMs), proxyHost: pool.name };
    }
    const address = policy.address!;
    const pool = { ...addressPool(address), id: `address:${policy.scheme}:${address}`, name: address };
    const defaultPort = policy.scheme === 'https' ? ':443' : ':80';
    const proxyHost = address.startsWith('unix:') ? 'localhost' : address.endsWith(defaultPort) ? address.slice(0, -defaultPort.length) : address;
    return { group: groupFor(pool, policy.scheme, connectTimeoutMs), proxyHost };
  };
  const locationDeps: LocationCompileDeps = { ...deps, settings, rateZones, connZones, cacheZones, collector, accessLists: accessListsById(config.accessLists), forwardAuthTargets, shared: new SharedCompiled() };
  const hostStats = (host: HostConfig) => collector.host(primaryServerName(host.serverNames));
  const compiledHosts: CompiledHost[] = [];
  // `set` names (and forward auth's auth_request_set names) are known to every template of the revision, as nginx declares them config-wide.
  declareUserVariables([...config.hosts.flatMap(userVariablesOf), ...config.hosts.flatMap(forwardAuthVariablesOf), ...mapCaptureNames(settings.maps ?? [])]);
  // `map` variables: every template of the revision may read them (http/map-variables.ts).
  declareMapVariables(settings.maps ?? [], (template) => compileTemplate(template));
  const namedAddresses = literalNamedAddresses(config.hosts);
  for (const host of config.hosts) {
    if (!host.enabled) continue;
    const entries: { location: CompiledLocation; matchKind: Location['matchKind']; path: string; autoRedirect: boolean }[] = [];
    const namedLocations = new Map<string, CompiledLocation>();
    host.locations.forEach((location, index) => {
      if (!location.enabled) return;
      const loc = location as Location & { id: string };
      try {
        const action = compileAction(loc, host, pools, poolFailures, groupFor, (scheme, connectTimeoutMs) => dynamicAddressGroup(scheme, connectTimeoutMs, deps, !settings.allowLinkLocalUpstreams), namedAddresses);
        const compiled = compileLocation(host, loc, action, { ...locationDeps, hostStats: hostStats(host) });
        if (isNamedLocation(loc)) {
          namedLocations.set(loc.path, compiled);
          return;
        }
        entries.push({
          location: compiled,
          matchKind: loc.matchKind,
          path: loc.path,
          // nginx's auto redirect applies to prefix locations ending in "/" that proxy.
          autoRedirect: action.kind === 'proxy' && (loc.matchKind === 'PREFIX' || loc.matchKind === 'PREFIX_NOREGEX'),
        });
      } catch (error) {
        const inner = error instanceof LocationCompileError || error instanceof LimitConfigError ? error.path : null;
        const path = inner ? `locations.${index}.${inner}` : `locations.${index}`;
        errors.push({ objectType: 'location', objectId: loc.id ?? `${host.id}#${index}`, name: `${hostName(host)} ${loc.path}`, path, message: (error as Error).message });
      }
    });
    const primaryName = primaryServerName(host.serverNames);
    compiledHosts.push({
      id: host.id,
      primaryName,
      stats: collector.host(primaryName),
      serverRewrites: compileRewriteProgram(host.policies.rewrites, host.policies.rewriteSteps, { captureNames: hostCaptureNames(host) }),
      responseHeaders: sharedIfEmptyArray(compileHostResponseRules(host)),
      serverNames: host.serverNames,
      entrypoints: entrypointSet(host.entrypoints),
      config: host,
      locations: new LocationMatcher(entries),
      errorPages: sharedIfEmptyMap(new Map(Object.entries(host.errorPages).map(([status, page]) => [Number(status), page]))),
      namedLocations: namedLocations.size > 0 ? namedLocations : undefined,
      errorPageRules: compileErrorPages(host.policies.errorPageRules, host.policies.recursiveErrorPages ?? false),
      charsetFilter: compileCharsetFilter(host.policies.charset, host),
    });
  }

  const tableFor = (entrypoint: 'http' | 'https') => {
    const table = new HostMatcher(
      compiledHosts.filter((h) => h.entrypoints.has(entrypoint)).map((h) => ({ host: h, serverNames: h.serverNames, defaultServer: h.config.defaultServer })),
    );
    for (const conflict of table.conflicts) {
      errors.push({
        objectType: 'host',
        objectId: conflict.host.id,
        name: conflict.host.primaryName,
        path: 'serverNames',
        message: `server name "${conflict.name}" on ${entrypoint} is already used by another host; ignored`,
      });
    }
    return table;
  };

  const hostTables = { http: tableFor('http'), https: tableFor('https') };
  // TLS: certificates compiled once per revision into SNI contexts (unchanged ones reused).
  const tls = deps.tls ? compileTls(config.certificates ?? [], compiledHosts, hostTables.https, deps.tls, errors) : undefined;
  const generation = new RuntimeGeneration();
  const runtime: Runtime = {
    generation,
    tls: tls?.tls,
    revision: config.revision,
    compiledAt: Date.now(),
    settings,
    hosts: hostTables,
    hostCount: compiledHosts.length,
    pools: [...groups.values()].map((g) => ({ config: g.config, scheme: g.scheme })),
    cacheZones: config.cacheZones,
    errors,
    isTrustedProxy: compileAddressList(settings.trustedProxies),
  };
  // Limit keys (zones outlive revisions) read map variables through the request's runtime.
  bindMapVariables(runtime);

  let settled = false;
  return {
    runtime,
    commit(previous) {
      if (settled) throw new Error('a compiled runtime is committed or discarded once');
      settled = true;
      rateZones.commit();
      connZones.commit();
      cacheZones?.commit(generation);
      states.commit(retainedKeys);
      deps.clients.commit(clients, generation);
      collector.commit({
        hosts: compiledHosts.map((h) => h.primaryName),
        locations: compiledHosts.flatMap((h) => h.locations.all().map((l) => l.id)),
        upstreams: [...groups.values()].flatMap((g) => g.pool.peers.map((p) => p.address)),
      });
      tls?.commit();
      previous?.generation.retire(RETIRE_BOUND_MS, () => {
        deps.clients.release(previous.generation);
        deps.cacheZones?.release(previous.generation);
      });
    },
    discard() {
      if (settled) return;
      settled = true;
      rateZones.discard?.();
      connZones.discard?.();
      cacheZones?.discard();
      clients.discard();
    },
  };
}

function compileAction(
  location: Location & { id: string },
  host: HostConfig,
  pools: Map<string, PoolConfig>,
  poolFailures: Map<string, string>,
  groupFor: (pool: PoolConfig, scheme: 'http' | 'https', connectTimeoutMs: number, inUse?: boolean) => UpstreamGroup,
  addressGroups: (scheme: 'http' | 'https', connectTimeoutMs: number) => VariableTargetDeps['addressGroup'],
  namedAddresses: ReadonlySet<string>,
): CompiledAction {
  const action = location.action;
  switch (action.kind) {
    case 'proxy': {
      const connectTimeoutMs = location.policies.timeouts?.connectMs ?? host.policies.timeouts?.connectMs ?? 60000;
      if (action.target) {
        // Every pool may be named at request time: the ones that compiled, by name.
        const byName = new Map<string, UpstreamGroup>();
        for (const pool of pools.values()) if (!poolFailures.has(pool.id)) byName.set(pool.name.toLowerCase(), groupFor(pool, action.scheme, connectTimeoutMs, false));
        const template = compileTemplate(action.target, { captureNames: hostCaptureNames(host) });
        const resolve = compileVariableTarget(template, { scheme: action.scheme, pools: byName, namedAddresses, addressGroup: addressGroups(action.scheme, connectTimeoutMs) });
        return { kind: 'proxy', scheme: action.scheme, upstream: createUnresolvedGroup(), uri: null, proxyHost: '', resolve };
      }
      if (action.poolId) {
        const failure = poolFailures.get(action.poolId);
        if (failure) throw new LocationCompileError('action.poolId', `its pool is disabled: ${failure}`);
        const pool = pools.get(action.poolId);
        if (!pool) throw new LocationCompileError('action.poolId', `pool ${action.poolId} does not exist`);
        return { kind: 'proxy', scheme: action.scheme, upstream: groupFor(pool, action.scheme, connectTimeoutMs), uri: action.uri, proxyHost: pool.name };
      }
      const address = action.address!;
      const pool = { ...addressPool(address), id: `address:${action.scheme}:${address}`, name: address };
      const defaultPort = action.scheme === 'https' ? ':443' : ':80';
      // $proxy_host omits the port when it is the scheme's default, as nginx does.
      const proxyHost = address.startsWith('unix:') ? 'localhost' : address.endsWith(defaultPort) ? address.slice(0, -defaultPort.length) : address;
      return { kind: 'proxy', scheme: action.scheme, upstream: groupFor(pool, action.scheme, connectTimeoutMs), uri: action.uri, proxyHost };
    }
    case 'static':
      return {
        kind: 'static',
        root: action.root ?? null,
        alias: action.alias ?? null,
        index: action.index,
        tryFiles: action.tryFiles ?? null,
        autoindex: action.autoindex,
        listing: { format: action.autoindexFormat ?? 'html', exactSize: action.autoindexExactSize ?? true, localtime: action.autoindexLocaltime ?? false },
        fileTypes: compileFileTypes(action),
        regexAlias:
          action.alias && (location.matchKind === 'REGEX' || location.matchKind === 'REGEX_ICASE') ? compileTemplate(utf8Bytes(action.alias), { captureNames: hostCaptureNames(host) }) : undefined,
      };
    case 'redirect':
      // Bytes, one char each, like the variables they hold ($uri, captures, headers): written byte for byte.
      return { kind: 'redirect', status: action.status, url: compileTemplate(utf8Bytes(action.url), { captureNames: hostCaptureNames(host) }) };
    case 'return':
      return { kind: 'return', status: action.status, body: compileTemplate(utf8Bytes(action.body), { captureNames: hostCaptureNames(host) }), contentType: action.contentType };
  }
}
