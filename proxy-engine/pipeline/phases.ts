// The request phases, in order, in one place (nginx's phases). The entry
// (handler.ts) runs the request-level ones; a location's chain is built here from the
// table below, the only place that orders middlewares: each one is a small factory
// `create<Thing>(config, next)` and never knows what runs before or after it.
//
//   server rewrite   the host's rewrite rules                 handler.ts (route)
//   find location    location precedence, auto redirect       handler.ts (findLocation)
//   rewrite          the location's rewrites                  handler.ts (findLocation)
//                    CORS preflight answered; `return`/redirect answered (nginx's rewrite phase)
//   preaccess        limit_req, then limit_conn
//   access           allow/deny, basic auth, forward auth (auth_request)
//   content          compression (outside), cache (inside), then the action:
//   proxy            forward / WebSocket tunnel, or static files, `return`, redirect
//   log              hooks' onRequestEnd: counters, access log  (runtime/hooks.ts)
import type { Policies } from '../../core/config/policies.ts';
import { createCacheStage } from '../cache/create-cache.ts';
import type { CacheZoneLookup } from '../cache/policy.ts';
import { createAccess } from '../middlewares/access/create-access.ts';
import { createForwardAuthStage, forwardAuthTakesAccess } from '../middlewares/forward-auth/create-forward-auth.ts';
import type { ForwardAuthTargets } from '../middlewares/forward-auth/compiled.ts';
import { createCompressionStage } from '../middlewares/compression/create-compression.ts';
import { createForceRangesStage } from './force-ranges.ts';
import { createConnLimit } from '../middlewares/conn-limit/conn-limit.ts';
import { createConnLimitStage } from '../middlewares/conn-limit/stage.ts';
import type { ConnZone } from '../middlewares/conn-limit/zones.ts';
import { createCorsStage } from '../middlewares/cors/cors.ts';
import { createRateLimit } from '../middlewares/rate-limit/rate-limit.ts';
import { createRateLimitStage } from '../middlewares/rate-limit/stage.ts';
import type { ZonePlan } from '../middlewares/rate-limit/zone-plan.ts';
import type { RateZonePlan } from '../middlewares/rate-limit/zones.ts';
import { securityHeaderRules } from '../middlewares/security-headers/security-headers.ts';
import type { RequestHooks } from '../runtime/hooks.ts';
import type { CompiledLocation, Stage } from '../runtime/types.ts';
import type { TrafficCounters } from '../stats/counters.ts';
import { createActionStage } from './action-stage.ts';

export type LocationPhase = 'rewrite' | 'preaccess' | 'access' | 'content';

export interface PhaseDeps {
  rateZones: RateZonePlan;
  connZones: ZonePlan<ConnZone>;
  /** Absent: the engine has no cache (a location naming a zone is then refused). */
  cacheZones?: CacheZoneLookup;
  hooks?: RequestHooks;
  /** The auth services of forward-auth policies (absent: forward auth is not compiled). */
  forwardAuthTargets?: ForwardAuthTargets;
}

interface PhaseInput {
  policies: Policies;
  location: CompiledLocation;
  deps: PhaseDeps;
  /** Where refusals are counted: the host's counters and the location's. */
  counters: readonly TrafficCounters[];
}

interface PhaseEntry {
  phase: LocationPhase;
  name: string;
  /** nginx answers `return` and redirects in the rewrite phase: neither limits nor access rules see them. */
  skippedByRewriteAnswers: boolean;
  create(input: PhaseInput, next: Stage): Stage;
}

const NO_CACHE_ZONES: CacheZoneLookup = { get: () => undefined };

/** Every middleware of a location, outermost first (the request meets them in this order). */
export const LOCATION_PHASES: readonly PhaseEntry[] = [
  // Preflights are answered before limits and access rules, as nginx's `if … return 204`.
  { phase: 'rewrite', name: 'cors', skippedByRewriteAnswers: false, create: ({ policies, location }, next) => createCorsStage(policies.cors, location, next) },
  // Not a stage: the security headers' add_header rules, which apply to every answer of
  // the location whichever phase produces it (added before the CORS rules, as before).
  {
    phase: 'rewrite',
    name: 'security_headers',
    skippedByRewriteAnswers: false,
    create: ({ policies, location }, next) => {
      location.responseHeaders.push(...securityHeaderRules(policies.securityHeaders));
      return next;
    },
  },
  // limit_req first, then its delay, then limit_conn (nginx's preaccess order).
  { phase: 'preaccess', name: 'limit_req', skippedByRewriteAnswers: true, create: ({ policies, deps, counters }, next) => createRateLimitStage(createRateLimit(policies.rateLimits, deps.rateZones), next, counters) },
  { phase: 'preaccess', name: 'limit_conn', skippedByRewriteAnswers: true, create: ({ policies, deps, counters }, next) => createConnLimitStage(createConnLimit(policies.connLimits, deps.connZones), next, counters) },
  // With satisfy any and forward auth, the forward-auth stage decides the whole phase.
  { phase: 'access', name: 'access', skippedByRewriteAnswers: true, create: ({ policies, counters }, next) => (forwardAuthTakesAccess(policies) ? next : createAccess(policies.access, next, counters)) },
  { phase: 'access', name: 'forward_auth', skippedByRewriteAnswers: true, create: ({ policies, location, deps, counters }, next) => createForwardAuthStage(policies, location, deps.forwardAuthTargets, next, counters) },
  // Content filters apply to every answer, returns included, as nginx's do: compression
  // outside the cache (a hit is compressed per client), the cache next to the upstream.
  // nginx's range filter runs after gzip and the cache: its sink is the one nearest the client.
  { phase: 'content', name: 'force_ranges', skippedByRewriteAnswers: false, create: ({ location }, next) => createForceRangesStage(location, next) },
  { phase: 'content', name: 'compression', skippedByRewriteAnswers: false, create: ({ policies, location }, next) => createCompressionStage(policies.compression, location, next) },
  { phase: 'content', name: 'cache', skippedByRewriteAnswers: false, create: ({ policies, location, deps }, next) => createCacheStage(policies.cache, location, next, deps.cacheZones ?? NO_CACHE_ZONES) },
];

/**
 * The location's chain: the phases above around its action, built inside out. A phase
 * with nothing configured returns `next` itself (no extra call per request).
 */
export function buildLocationChain(input: PhaseInput): Stage {
  const { location } = input;
  const answersInRewrite = location.action.kind === 'return' || location.action.kind === 'redirect';
  let chain: Stage = createActionStage(location, input.deps);
  for (let i = LOCATION_PHASES.length - 1; i >= 0; i--) {
    const entry = LOCATION_PHASES[i]!;
    if (answersInRewrite && entry.skippedByRewriteAnswers) continue;
    chain = entry.create(input, chain);
  }
  return chain;
}
