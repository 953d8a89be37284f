// A location's cache policy resolved once per revision: the key template, predicates and
// sets the request path only reads.
import type { z } from 'zod';
import type { CachePolicy } from '../../core/config/policies.ts';
import { LocationCompileError } from '../runtime/compile-error.ts';
import type { CompiledLocation, CompiledProxy } from '../runtime/types.ts';
import { proxyTargetScope } from '../http/variables.ts';
import { checkRuleVariables } from '../http/value-rewrite.ts';
import type { Template } from '../runtime/types.ts';
import { compileConditions, type Predicate } from './conditions.ts';
import type { StoreRules } from './control.ts';
import { compileKey } from './key.ts';
import type { CacheZoneApi } from './zone.ts';

type Cache = z.output<typeof CachePolicy>;

export interface CompiledCache extends StoreRules {
  zone: CacheZoneApi;
  location: CompiledLocation;
  key: Template;
  methods: ReadonlySet<string>;
  minUses: number;
  bypass: Predicate;
  noStore: Predicate;
  useStale: ReadonlySet<string>;
  /** Serve stale while one request updates (use_stale updating). */
  staleWhileUpdating: boolean;
  backgroundUpdate: boolean;
  lock: boolean;
  lockTimeoutMs: number;
  revalidate: boolean;
  allowAuthorized: boolean;
  allowCookies: boolean;
  statusHeader: string | null;
}

export interface CacheZoneLookup {
  get(name: string): CacheZoneApi | undefined;
  /** Why a configured zone could not be created (no room in shared memory). */
  failure?(name: string): string | undefined;
}

export function compileCache(policy: Cache, location: CompiledLocation, action: CompiledProxy, zones: CacheZoneLookup): CompiledCache {
  const zone = zones.get(policy.zone);
  if (!zone) throw new LocationCompileError('policies.cache.zone', zones.failure?.(policy.zone) ?? `cache zone "${policy.zone}" does not exist`);
  // A key may read the host's named captures ("$id" of `location ~ (?<id>…)`), as in nginx.
  const scope = { ...proxyTargetScope(action), captureNames: location.captureNames };
  if (policy.key !== undefined) checkRuleVariables('policies.cache.key', [policy.key], scope);
  const useStale = new Set<string>(policy.useStale);
  return {
    zone,
    location,
    key: compileKey(policy.key, scope),
    methods: new Set(policy.methods),
    minUses: policy.minUses,
    bypass: compileConditions(policy.bypass),
    noStore: compileConditions(policy.noStore),
    useStale,
    staleWhileUpdating: useStale.has('updating'),
    backgroundUpdate: policy.backgroundUpdate,
    lock: policy.lock,
    lockTimeoutMs: policy.lockTimeoutMs,
    revalidate: policy.revalidate,
    valid: policy.valid,
    ignoreSetCookie: policy.ignoreSetCookie,
    allowAuthorized: policy.allowAuthorized,
    allowCookies: policy.allowCookies,
    statusHeader: policy.statusHeader ?? null,
  };
}
