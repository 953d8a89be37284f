// limit_conn for one location: requests in progress per key.
//
// How the engine calls it (nginx runs limit_conn right after limit_req, so a delayed
// request takes its slot only once its delay is over):
//   const d = limiter.acquire(view);            // once per request
//   const decision = isPromise(d) ? await d : d;
//   if (decision.action === 'reject') { respond decision.status; count connLimited; stop }
//   releaseOnClose(res, decision.release);     // or the upgraded socket, for WebSockets
// release() is idempotent and releaseOnClose runs it on every ending: finished,
// aborted by the client, destroyed on an error.
import type { z } from 'zod';
import type { ConnLimitRule } from '../../../core/config/policies.ts';
import { LimitConfigError } from '../rate-limit/config-error.ts';
import type { LimitRequestView } from '../rate-limit/key.ts';
import { andThen, type MaybePromise } from '../rate-limit/store.ts';
import { EMPTY_GROUP, releaseAll, runGroup, type CompiledRule, type Slot } from './rule-group.ts';
import type { ConnZone } from './zones.ts';

export type ConnLimitRuleConfig = z.output<typeof ConnLimitRule>;

/** nginx's $limit_conn_status values; null when no rule applied (every key empty). */
export type LimitConnStatus = 'PASSED' | 'REJECTED' | 'REJECTED_DRY_RUN';

export type ConnDecision =
  | { action: 'pass'; limitStatus: 'PASSED' | 'REJECTED_DRY_RUN' | null; zone: string | null; release: () => void }
  | { action: 'reject'; status: number; limitStatus: 'REJECTED'; zone: string };

export interface ConnLimit {
  readonly zones: readonly string[];
  acquire(req: LimitRequestView): MaybePromise<ConnDecision>;
}

const NOTHING_HELD = (): void => {};

/**
 * Compile a location's limit_conn rules; null when there are none. Throws
 * LimitConfigError for an unknown zone, a zone used twice or a status nginx refuses.
 *
 * As with limit_req, nginx's location-wide limit_conn_dry_run becomes per rule:
 * enforcing rules are evaluated together as nginx does, then dry-run rules as a
 * dry-run location of their own. A dry-run rejection gives back the dry-run slots
 * taken for the request (nginx's cleanup_all), so it holds nothing there.
 */
export function createConnLimit(rules: readonly ConnLimitRuleConfig[] | undefined, zones: { get(name: string): ConnZone | undefined; failure?(name: string): string | undefined }): ConnLimit | null {
  if (!rules || rules.length === 0) return null;
  const seen = new Set<string>();
  const compile = (rule: ConnLimitRuleConfig): CompiledRule => {
    const at = `connLimits.${rules.indexOf(rule)}`;
    const zone = zones.get(rule.zone);
    if (!zone) throw new LimitConfigError(`${at}.zone`, zones.failure?.(rule.zone) !== undefined ? `limit zone "${rule.zone}": ${zones.failure(rule.zone)}` : `unknown connection limit zone "${rule.zone}"`);
    if (seen.has(rule.zone)) throw new LimitConfigError(`${at}.zone`, `limit zone "${rule.zone}" is used twice`);
    if (rule.status < 400 || rule.status > 599) throw new LimitConfigError(`${at}.status`, `status ${rule.status} must be between 400 and 599`);
    seen.add(rule.zone);
    return { zone, max: rule.max, status: rule.status };
  };
  const enforcing = rules.filter((r) => !r.dryRun).map(compile);
  const dryRun = rules.filter((r) => r.dryRun).map(compile);

  return {
    zones: rules.map((r) => r.zone),
    acquire(req) {
      const first = enforcing.length > 0 ? runGroup(enforcing, req) : EMPTY_GROUP;
      return andThen(first, (enforced): MaybePromise<ConnDecision> => {
        if (enforced.kind === 'reject') {
          const rule = enforcing[enforced.rule]!;
          return { action: 'reject', status: enforced.status ?? rule.status, limitStatus: 'REJECTED', zone: rule.zone.name };
        }
        const second = dryRun.length > 0 ? runGroup(dryRun, req) : EMPTY_GROUP;
        return andThen(second, (observed): ConnDecision => {
          if (observed.kind === 'reject') {
            return { action: 'pass', limitStatus: 'REJECTED_DRY_RUN', zone: dryRun[observed.rule]!.zone.name, release: releaser(enforced.held) };
          }
          const held = observed.held.length === 0 ? enforced.held : [...enforced.held, ...observed.held];
          return { action: 'pass', limitStatus: enforced.applied || observed.applied ? 'PASSED' : null, zone: null, release: releaser(held) };
        });
      });
    },
  };
}

/** An idempotent release: the engine may call it from several endings. */
function releaser(held: Slot[]): () => void {
  if (held.length === 0) return NOTHING_HELD;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    releaseAll(held);
  };
}
