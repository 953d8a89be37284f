// Assembles the policies in effect at a scope (http → server → location, with nginx's
// inheritance already applied by the section mappers), then keeps on each object only
// what it needs: a host keeps sections that differ from Portico's unset behaviour, a
// location keeps sections that differ from its host's (Portico replaces a section
// whole, so a location section always carries every field).
import type { Policies, PolicyKey } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import type { Cors } from './map-cors.ts';
import { mapAccess } from './map-policy-access.ts';
import { mapForwardAuth } from './map-policy-forward-auth.ts';
import { mapCache } from './map-policy-cache.ts';
import { mapCompression } from './map-policy-compression.ts';
import { mapProxyHeaders } from './map-policy-headers.ts';
import { mapConnLimits, mapRateLimits } from './map-policy-limits.ts';
import { mapAccessLog, mapBuffering, mapExpires, mapMaxBody, mapProxyRedirect, mapRequestBuffering, mapRetry, mapServerTokens, mapTimeouts } from './map-policy-misc.ts';
import { mapResponseHeaders } from './map-policy-response.ts';
import { mapProxyCookies } from './map-policy-cookies.ts';
import { mapRewritePhase } from './map-rewrite-phase.ts';
import { mapErrorPageRules, mapIgnoreAccelRedirect } from './map-policy-error-pages.ts';
import { flagIn } from './map-values.ts';
import type { Scope } from './scope.ts';
import { mapRedirects } from './map-policy-redirects.ts';
import { mapCharset } from './map-policy-charset.ts';
import { DEFAULT_CHARSET_TYPES } from '../config/charset.ts';

/** What leaving a section unset means in Portico, where it is not "no value". */
export const UNSET_EQUIVALENT: Readonly<Partial<Policies>> = {
  proxyHeaders: [],
  passHostHeader: false,
  responseHeaders: { add: [], hide: [], pass: [] },
  websocket: { enabled: false, idleTimeoutMs: 60000 },
  httpVersion: '1.1',
  rateLimits: [],
  connLimits: [],
  rewrites: [],
  proxyCookies: { path: [], domain: [], flags: [] },
  rewriteSteps: [],
  errorPageRules: [],
  interceptErrors: false,
  recursiveErrorPages: false,
  accessLog: true,
  forceRanges: false,
  redirects: { absolute: true, portIn: true, serverNameIn: false },
  charset: { charset: 'off', override: false, types: [...DEFAULT_CHARSET_TYPES] },
};

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export interface ScopePolicies {
  policies: Policies;
  /** The `proxy_cache off` that turned an inherited cache off, if any. */
  cacheOff?: NginxDirective;
}

/** Every section that some level of `scope` configures, with nginx defaults for unset fields. */
export function buildPolicies(scope: Scope, ctx: ImportContext, cors: Cors | undefined, ownDirectives: readonly NginxDirective[]): ScopePolicies {
  const cache = mapCache(scope, ctx);
  const response = mapResponseHeaders(scope, ctx, typeof cache === 'object', cors);
  if (typeof cache === 'object' && response.cacheStatusHeader) cache.statusHeader = response.cacheStatusHeader;
  const headers = mapProxyHeaders(scope, ctx);
  const all: Policies = {
    proxyHeaders: headers.proxyHeaders,
    passHostHeader: headers.passHostHeader,
    responseHeaders: response.responseHeaders,
    cache: typeof cache === 'object' ? cache : undefined,
    rateLimits: mapRateLimits(scope, ctx),
    connLimits: mapConnLimits(scope, ctx),
    access: mapAccess(scope, ctx),
    forwardAuth: mapForwardAuth(scope, ctx),
    cors,
    maxBodyBytes: mapMaxBody(scope, ctx),
    timeouts: mapTimeouts(scope, ctx),
    buffering: mapBuffering(scope, ctx),
    requestBuffering: mapRequestBuffering(scope, ctx),
    forceRanges: flagIn(scope, 'proxy_force_ranges', ctx),
    websocket: headers.websocket,
    compression: mapCompression(scope, ctx),
    retry: mapRetry(scope, ctx),
    ...mapRewritePhase(ownDirectives, scope, ctx),
    errorPageRules: mapErrorPageRules(scope, ctx),
    interceptErrors: flagIn(scope, 'proxy_intercept_errors', ctx),
    recursiveErrorPages: flagIn(scope, 'recursive_error_pages', ctx),
    ignoreAccelRedirect: mapIgnoreAccelRedirect(scope, ctx),
    internal: ownDirectives.some((d) => d.name === 'internal') || undefined,
    proxyRedirect: mapProxyRedirect(scope, ctx),
    proxyCookies: mapProxyCookies(scope, ctx),
    expiresMs: mapExpires(scope, ctx),
    accessLog: mapAccessLog(scope, ctx),
    serverTokens: mapServerTokens(scope, ctx),
    redirects: mapRedirects(scope, ctx),
    charset: mapCharset(scope, ctx),
    httpVersion: headers.httpVersion,
  };
  const policies: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) if (value !== undefined) policies[key] = value;
  const result: ScopePolicies = { policies: policies as Policies };
  if (cache === 'off') result.cacheOff = scope.value('proxy_cache');
  return result;
}

/**
 * What a host's unset sections mean: UNSET_EQUIVALENT plus the global server_tokens
 * setting (a host that repeats the global value says nothing new).
 */
export function unsetBaseline(globalServerTokens: boolean): Partial<Policies> {
  return { ...UNSET_EQUIVALENT, serverTokens: globalServerTokens };
}

/** A host's policies without the sections that say the same as leaving them unset. */
export function hostPolicies(all: Policies, baseline: Partial<Policies>): Policies {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(all) as PolicyKey[]) {
    if (!deepEqual(all[key], baseline[key])) kept[key] = all[key];
  }
  return kept as Policies;
}

/** A location's policies: only the sections whose effective value differs from the host's. */
export function locationPolicies(all: Policies, host: Policies, baseline: Partial<Policies>): Policies {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(all) as PolicyKey[]) {
    if (!deepEqual(all[key] ?? baseline[key], host[key] ?? baseline[key])) kept[key] = all[key];
  }
  return kept as Policies;
}
