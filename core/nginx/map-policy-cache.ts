// proxy_cache and its companions → the cache policy.
import type { z } from 'zod';
import type { CachePolicy, CacheValidity, RequestCondition } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { durationArg, flagArg, integerArg } from './map-values.ts';
import type { Scope } from './scope.ts';
import { unknownVariables, variablesIn } from './variables.ts';

export type Cache = z.output<typeof CachePolicy>;
type Condition = z.output<typeof RequestCondition>;
type StaleReason = Cache['useStale'][number];

const DEFAULT_KEY = '$scheme$proxy_host$request_uri';
const STALE_REASONS = new Set<string>(['error', 'timeout', 'updating', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429']);

/** `$http_x_no_cache $cookie_nocache $arg_nocache` → conditions (any non-empty, non-"0" value holds). */
function conditionsOf(directives: readonly NginxDirective[], ctx: ImportContext): Condition[] {
  const conditions: Condition[] = [];
  for (const d of directives) {
    ctx.use(d);
    for (const arg of d.args) {
      const names = variablesIn(arg);
      const literal = arg.replace(/\$(\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/g, '');
      if (names.length === 0 || literal.length > 0) {
        ctx.warn(d, 'unsupported', `"${arg}" is not a request header, cookie or query argument; Portico cannot evaluate it (condition not imported)`);
        continue;
      }
      for (const name of names) {
        // A map's variable (the usual `map $request_uri $no_cache { … }` recipe).
        if (ctx.mapVariables.has(name)) {
          if (!conditions.some((c) => c.source === 'variable' && c.name === name)) conditions.push({ source: 'variable', name });
          continue;
        }
        const match = /^(http|cookie|arg)_(.+)$/.exec(name);
        if (!match) {
          ctx.warn(d, 'unsupported', `$${name} is not a request header, cookie or query argument; Portico cannot evaluate it (condition not imported)`);
          continue;
        }
        const source = match[1] === 'http' ? 'header' : match[1] === 'cookie' ? 'cookie' : 'query';
        const condName = source === 'header' ? match[2]!.replace(/_/g, '-') : match[2]!;
        // Portico never serves or stores requests with Authorization (allowAuthorized off).
        if (source === 'header' && condName === 'authorization') continue;
        if (!conditions.some((c) => c.source === source && c.name === condName)) conditions.push({ source, name: condName });
      }
    }
  }
  return conditions;
}

function validityOf(d: NginxDirective, ctx: ImportContext): z.output<typeof CacheValidity> | null {
  const time = d.args[d.args.length - 1] ?? '';
  const ttlMs = durationArg(d, ctx, 'sec', time);
  if (ttlMs === undefined) return null;
  const codes = d.args.slice(0, -1);
  if (codes.length === 0) return { statuses: [200, 301, 302], ttlMs };
  if (codes.includes('any')) return { statuses: 'any', ttlMs };
  const statuses = codes.map(Number);
  if (statuses.some((s) => !Number.isInteger(s) || s < 100 || s > 599)) {
    ctx.warn(d, 'unsupported', `invalid status in "${codes.join(' ')}" (not imported)`);
    return null;
  }
  return { statuses, ttlMs };
}

function useStaleOf(d: NginxDirective | undefined, ctx: ImportContext): StaleReason[] {
  if (!d) return [];
  ctx.use(d);
  const reasons: StaleReason[] = [];
  for (const arg of d.args) {
    if (arg === 'off') return [];
    if (STALE_REASONS.has(arg)) reasons.push(arg as StaleReason);
    else ctx.warn(d, 'unsupported', `"${arg}" is not a reason Portico serves stale entries for (dropped)`);
  }
  return reasons;
}

function methodsOf(d: NginxDirective | undefined, ctx: ImportContext): Cache['methods'] {
  const methods: Cache['methods'] = ['GET', 'HEAD'];
  if (!d) return methods;
  ctx.use(d);
  for (const arg of d.args) {
    const method = arg.toUpperCase();
    if (method === 'POST') methods.push('POST');
    else if (method !== 'GET' && method !== 'HEAD') ctx.warn(d, 'unsupported', `nginx does not cache ${arg} requests and neither does Portico (dropped)`);
  }
  return methods;
}

/** The cache policy in effect at `scope`; 'off' for `proxy_cache off`; undefined when none applies. */
export function mapCache(scope: Scope, ctx: ImportContext): Cache | 'off' | undefined {
  const d = scope.value('proxy_cache');
  if (!d) return undefined;
  ctx.use(d);
  const zone = d.args[0] ?? '';
  if (zone === 'off') return 'off';
  if (variablesIn(zone).length > 0) {
    ctx.warn(d, 'unsupported', 'a cache zone chosen by a variable is not supported (no cache imported)');
    return undefined;
  }
  if (!ctx.cacheZones.has(zone)) {
    ctx.warn(d, 'unsupported', `no proxy_cache_path defines the zone "${zone}" (no cache imported)`);
    return undefined;
  }

  const cache: Cache = {
    zone,
    valid: [],
    methods: methodsOf(scope.value('proxy_cache_methods'), ctx),
    minUses: 1,
    bypass: conditionsOf(scope.find('proxy_cache_bypass'), ctx),
    noStore: conditionsOf(scope.find('proxy_no_cache'), ctx),
    useStale: useStaleOf(scope.value('proxy_cache_use_stale'), ctx),
    backgroundUpdate: false,
    lock: false,
    lockTimeoutMs: 5000,
    revalidate: false,
    ignoreSetCookie: false,
    allowAuthorized: false,
    allowCookies: true,
  };
  // nginx caches requests with cookies; both lists naming $http_cookie is Portico's off switch.
  const cookie = (c: Condition) => c.source === 'header' && c.name === 'cookie';
  if (cache.bypass.some(cookie) && cache.noStore.some(cookie)) {
    cache.allowCookies = false;
    cache.bypass = cache.bypass.filter((c) => !cookie(c));
    cache.noStore = cache.noStore.filter((c) => !cookie(c));
  }
  const key = scope.value('proxy_cache_key');
  if (key) {
    ctx.use(key);
    const value = key.args[0] ?? DEFAULT_KEY;
    // Named captures and `set` variables count, as every variable nginx knows.
    const unknown = unknownVariables(value, ctx.extraVariables);
    if (unknown.length > 0) ctx.warn(key, 'unsupported', `$${unknown[0]} is not a variable Portico knows; the default key is used`);
    else if (value !== DEFAULT_KEY) cache.key = value;
  }
  for (const v of scope.find('proxy_cache_valid')) {
    const validity = validityOf(v, ctx);
    if (validity) cache.valid.push(validity);
  }
  const flags: [string, 'backgroundUpdate' | 'lock' | 'revalidate'][] = [
    ['proxy_cache_background_update', 'backgroundUpdate'],
    ['proxy_cache_lock', 'lock'],
    ['proxy_cache_revalidate', 'revalidate'],
  ];
  for (const [name, field] of flags) {
    const f = scope.value(name);
    const value = f && flagArg(f, ctx);
    if (value !== undefined) cache[field] = value;
  }
  const minUses = scope.value('proxy_cache_min_uses');
  cache.minUses = (minUses && integerArg(minUses, ctx, 1, 1000)) ?? 1;
  const lockTimeout = scope.value('proxy_cache_lock_timeout');
  cache.lockTimeoutMs = (lockTimeout && durationArg(lockTimeout, ctx, 'msec')) ?? 5000;
  const ignore = scope.value('proxy_ignore_headers');
  if (ignore) {
    ctx.use(ignore);
    for (const header of ignore.args) {
      const lower = header.toLowerCase();
      if (lower === 'set-cookie') cache.ignoreSetCookie = true;
      // Portico does not act on these (X-Accel-Redirect is not an internal redirect here; the
      // rest are hidden from clients either way): ignoring them changes nothing.
      // X-Accel-Redirect: mapped with the rewrite module (map-policy-error-pages.ts).
      else if (lower === 'x-accel-redirect') continue;
      else if (['x-accel-limit-rate', 'x-accel-buffering', 'x-accel-charset'].includes(lower)) ctx.warn(ignore, 'note', `"${header}" is not acted on by Portico anyway`);
      else ctx.warn(ignore, 'unsupported', `ignoring the upstream "${header}" header is not supported (Portico honours it)`);
    }
  }
  return cache;
}
