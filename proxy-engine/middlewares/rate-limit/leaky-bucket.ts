// nginx's limit_req arithmetic (ngx_http_limit_req_module.c), kept to its integer
// steps so that Portico rejects and delays exactly the requests nginx does: excess is
// in milli-requests, time in whole milliseconds, every division truncates.

/** One key's bucket: what nginx keeps per node. */
export interface BucketState {
  /** Requests above the rate, × 1000. */
  excess: number;
  /** When excess was last updated, in ms of the limiter's clock. */
  last: number;
}

/** One rule's parameters, all × 1000 as nginx stores them. */
export interface BucketLimit {
  /** Requests per second × 1000; r/m rates are count × 1000 / 60, truncated. */
  rateMilli: number;
  burstMilli: number;
  /** Excess served without delay; Infinity for nodelay, 0 for plain burst. */
  delayMilli: number;
}

export interface ZoneRate {
  count: number;
  per: 'second' | 'minute';
}

/** nginx: rate = N * 1000 / scale, integer division (1r/m is 16, not 16.67). */
export function rateMilli(rate: ZoneRate): number {
  return Math.floor((rate.count * 1000) / (rate.per === 'minute' ? 60 : 1));
}

export function bucketLimit(rate: number, rule: { burst: number; nodelay: boolean; delay: number }): BucketLimit {
  return { rateMilli: rate, burstMilli: rule.burst * 1000, delayMilli: rule.nodelay ? Infinity : rule.delay * 1000 };
}

/**
 * Milliseconds since the last update, as nginx clamps them: a clock that went back a
 * little counts as no time, one that went back over a minute as 1 ms (so last moves on).
 */
export function elapsedMs(now: number, last: number): number {
  const ms = now - last;
  if (ms < -60000) return 1;
  if (ms < 0) return 0;
  return ms;
}

/**
 * The excess this request would bring the bucket to. A key without state starts at 0:
 * nginx creates the node with excess 0, so a new client's first request is free and
 * only its second one counts 1000.
 */
export function excessFor(state: BucketState | undefined, rate: number, now: number): number {
  if (state === undefined) return 0;
  const excess = state.excess - Math.floor((rate * elapsedMs(now, state.last)) / 1000) + 1000;
  return excess < 0 ? 0 : excess;
}

/** Store the excess computed by excessFor; last moves only when time has passed. */
export function commit(state: BucketState | undefined, excess: number, now: number): BucketState {
  if (state === undefined) return { excess, last: now };
  if (elapsedMs(now, state.last) !== 0) state.last = now;
  state.excess = excess;
  return state;
}

/** nginx: (excess - delay) * 1000 / rate ms once excess is above delay. */
export function delayFor(excess: number, limit: BucketLimit): number {
  if (excess <= limit.delayMilli) return 0;
  return Math.floor(((excess - limit.delayMilli) * 1000) / limit.rateMilli);
}

/** Whether an idle entry can be dropped: idle ≥ 60 s and fully drained (nginx expire). */
export function isDrained(state: BucketState, rate: number, now: number): boolean {
  const ms = Math.abs(now - state.last);
  return ms >= 60000 && state.excess - Math.floor((rate * ms) / 1000) <= 0;
}

/** One rule as a request meets it. */
export interface RuleCheck {
  limit: BucketLimit;
  /** The key's state; undefined for a key not seen yet. account() replaces it. */
  state: BucketState | undefined;
  /** The key is empty: the rule does not apply to this request (as nginx). */
  skip: boolean;
  /** Set by rejects(): the excess this request brings the bucket to. */
  excess: number;
}

/*
 * A location's rules are evaluated as nginx's handler does:
 * - in order, skipping rules whose key is empty;
 * - the first rule whose excess would pass its burst rejects the request and later
 *   rules are not looked at. No rule's state changes then: nginx accounts earlier
 *   rules only once every rule has passed (limit_req_account), so a rejected request
 *   costs nothing in any zone;
 * - otherwise every applied rule's state is updated and the delay is the largest of
 *   the rules' delays; on a tie the later rule is reported (nginx starts from the last
 *   rule and replaces it only on a strictly greater delay).
 */

/** Check phase for one rule: fills check.excess; true when the rule rejects. */
export function rejects(check: RuleCheck, now: number): boolean {
  if (check.skip) return false;
  check.excess = excessFor(check.state, check.limit.rateMilli, now);
  return check.excess > check.limit.burstMilli;
}

/**
 * Account phase, once no rule rejected: updates every applied rule's state (check.state
 * is then the object for the caller to store) and returns the delay and the index of
 * the rule that decided it (-1 without delay).
 */
export function account(checks: readonly RuleCheck[], now: number): { delayMs: number; rule: number } {
  let delayMs = 0;
  let rule = -1;
  for (let i = checks.length - 1; i >= 0; i--) {
    const check = checks[i]!;
    if (check.skip) continue;
    check.state = commit(check.state, check.excess, now);
    const delay = delayFor(check.excess, check.limit);
    if (delay > delayMs) {
      delayMs = delay;
      rule = i;
    }
  }
  return { delayMs, rule };
}

export type BucketVerdict = { kind: 'reject'; rule: number } | { kind: 'pass'; delayMs: number; rule: number };

/** Both phases, for callers that have every state at hand. */
export function evaluate(checks: readonly RuleCheck[], now: number): BucketVerdict {
  for (let i = 0; i < checks.length; i++) if (rejects(checks[i]!, now)) return { kind: 'reject', rule: i };
  return { kind: 'pass', ...account(checks, now) };
}
