// limit_req for one location: compiled once per runtime, called once per request.
//
// How the engine calls it (nginx runs limit_req in the preaccess phase, before
// limit_conn and before allow/deny and auth_basic), once per request; not again after
// an internal redirect, which nginx skips too:
//   const d = limiter.check(view);
//   const decision = isPromise(d) ? await d : d;
//   switch (decision.action) {
//     case 'reject': respond decision.status; count stats rateLimited; stop.
//     case 'delay':  wait decision.ms (give up if the client goes away), then go on.
//     case 'pass':   go on. decision.limitStatus is $limit_req_status for the log.
//   }
import type { z } from 'zod';
import type { RateLimitRule } from '../../../core/config/policies.ts';
import { LimitConfigError } from './config-error.ts';
import type { LimitRequestView } from './key.ts';
import { bucketLimit } from './leaky-bucket.ts';
import { EMPTY_GROUP, groupLocks, runGroup, type CompiledRule, type GroupOutcome } from './rule-group.ts';
import { andThen, type MaybePromise } from './store.ts';
import { remoteGroupRunner } from './remote-group.ts';
import type { RateZone, Clock } from './zones.ts';

export type RateLimitRuleConfig = z.output<typeof RateLimitRule>;

/** nginx's $limit_req_status values; null when no rule applied (every key empty). */
export type LimitReqStatus = 'PASSED' | 'DELAYED' | 'REJECTED' | 'DELAYED_DRY_RUN' | 'REJECTED_DRY_RUN';

export type RateDecision =
  | { action: 'pass'; limitStatus: 'PASSED' | 'DELAYED_DRY_RUN' | 'REJECTED_DRY_RUN' | null; zone: string | null }
  | { action: 'delay'; ms: number; limitStatus: 'DELAYED'; zone: string }
  | { action: 'reject'; status: number; limitStatus: 'REJECTED'; zone: string };

export interface RateLimit {
  /** The zones the rules use, in order (for the trace API). */
  readonly zones: readonly string[];
  /** Synchronous with the in-memory store; a promise only with an asynchronous store. */
  check(req: LimitRequestView): MaybePromise<RateDecision>;
}

const NOT_APPLIED: RateDecision = Object.freeze({ action: 'pass', limitStatus: null, zone: null });
const PASSED: RateDecision = Object.freeze({ action: 'pass', limitStatus: 'PASSED', zone: null });

/**
 * Compile a location's limit_req rules; null when there are none. Throws
 * LimitConfigError for an unknown zone, a zone used twice or a status nginx refuses.
 *
 * nginx's limit_req_dry_run is per location; here it is per rule. Rules that enforce
 * are evaluated together exactly as nginx evaluates a location's rules, then the
 * dry-run rules the same way as if they were a dry-run location of their own (only for
 * requests the enforcing rules let through). With every rule alike this is nginx.
 */
export function createRateLimit(rules: readonly RateLimitRuleConfig[] | undefined, zones: { get(name: string): RateZone | undefined; failure?(name: string): string | undefined; readonly clock: Clock }): RateLimit | null {
  if (!rules || rules.length === 0) return null;
  const seen = new Set<string>();
  const compile = (rule: RateLimitRuleConfig): CompiledRule => {
    const at = `rateLimits.${rules.indexOf(rule)}`;
    const zone = zones.get(rule.zone);
    if (!zone) throw new LimitConfigError(`${at}.zone`, zones.failure?.(rule.zone) !== undefined ? `limit zone "${rule.zone}": ${zones.failure(rule.zone)}` : `unknown request limit zone "${rule.zone}"`);
    if (seen.has(rule.zone)) throw new LimitConfigError(`${at}.zone`, `limit zone "${rule.zone}" is used twice`);
    if (rule.status < 400 || rule.status > 599) throw new LimitConfigError(`${at}.status`, `status ${rule.status} must be between 400 and 599`);
    seen.add(rule.zone);
    return { zone, limit: bucketLimit(zone.rateMilli, rule), status: rule.status };
  };
  const enforcing = rules.filter((r) => !r.dryRun).map(compile);
  const dryRun = rules.filter((r) => r.dryRun).map(compile);
  const clock = zones.clock;
  const enforcingLocks = groupLocks(enforcing);
  const dryRunLocks = groupLocks(dryRun);
  // Zones shared across instances (PORTICO_REDIS_URL): the server runs each group.
  const enforcingRemote = remoteGroupRunner(enforcing, true);
  const dryRunRemote = remoteGroupRunner(dryRun, false);

  return {
    zones: rules.map((r) => r.zone),
    check(req) {
      const now = clock();
      const first = enforcing.length === 0 ? EMPTY_GROUP : enforcingRemote ? enforcingRemote(req, now) : runGroup(enforcing, req, now, enforcingLocks);
      return andThen(first, (enforced) => {
        if (enforced.kind === 'reject') {
          const rule = enforcing[enforced.rule]!;
          return { action: 'reject', status: enforced.status ?? rule.status, limitStatus: 'REJECTED', zone: rule.zone.name };
        }
        const second = dryRun.length === 0 ? EMPTY_GROUP : dryRunRemote ? dryRunRemote(req, now) : runGroup(dryRun, req, now, dryRunLocks);
        return andThen(second, (observed) => combine(enforced, enforcing, observed, dryRun));
      });
    },
  };
}

function combine(enforced: GroupOutcome & { kind: 'pass' }, enforcing: CompiledRule[], observed: GroupOutcome, dryRun: CompiledRule[]): RateDecision {
  if (enforced.delayMs > 0) {
    return { action: 'delay', ms: enforced.delayMs, limitStatus: 'DELAYED', zone: enforcing[enforced.rule]!.zone.name };
  }
  if (observed.kind === 'reject') return { action: 'pass', limitStatus: 'REJECTED_DRY_RUN', zone: dryRun[observed.rule]!.zone.name };
  if (observed.delayMs > 0) return { action: 'pass', limitStatus: 'DELAYED_DRY_RUN', zone: dryRun[observed.rule]!.zone.name };
  return enforced.applied || observed.applied ? PASSED : NOT_APPLIED;
}
