// One group of limit_req rules against their zones' stores, as nginx's handler runs a
// location's rules. Synchronous with the memory store; an asynchronous store resumes
// the same steps from its promises.
import { account, rejects, type BucketLimit, type BucketState, type RuleCheck } from './leaky-bucket.ts';
import type { LimitRequestView } from './key.ts';
import { isLockable, isPromise, type LockableStore, type MaybePromise } from './store.ts';
import type { RateZone } from './zones.ts';

export interface CompiledRule {
  zone: RateZone;
  limit: BucketLimit;
  status: number;
}

/**
 * reject: the index of the rule that refused (status: instead of the rule's, when the
 * shared zones' server is unreachable and the engine fails closed); pass: the delay and
 * the rule that set it (-1 for none).
 */
export type GroupOutcome =
  | { kind: 'reject'; rule: number; status?: number }
  | { kind: 'pass'; delayMs: number; rule: number; applied: boolean };

export const EMPTY_GROUP: GroupOutcome = Object.freeze({ kind: 'pass', delayMs: 0, rule: -1, applied: false });

interface GroupRun {
  rules: CompiledRule[];
  req: LimitRequestView;
  now: number;
  checks: RuleCheck[];
  keys: string[];
}

/**
 * The locks that make a group's check-and-account atomic across threads: every store's,
 * in lock order, when every store of the group is a lockable (synchronous, shared-memory)
 * one; null otherwise (an in-memory store needs none: one thread uses it).
 */
export function groupLocks(rules: readonly CompiledRule[]): LockableStore[] | null {
  const stores = rules.map((rule) => rule.zone.store);
  if (stores.length === 0 || !stores.every(isLockable)) return null;
  return [...new Set(stores as unknown as LockableStore[])].sort((x, y) => x.lockOrder - y.lockOrder);
}

export function runGroup(rules: CompiledRule[], req: LimitRequestView, now: number, locks: readonly LockableStore[] | null = null): MaybePromise<GroupOutcome> {
  const run: GroupRun = { rules, req, now, checks: new Array<RuleCheck>(rules.length), keys: new Array<string>(rules.length) };
  if (locks === null) return lookFrom(run, 0);
  // Keys are computed before locking, so the locks cover only table work.
  for (let i = 0; i < rules.length; i++) run.keys[i] = rules[i]!.zone.key(req);
  for (let i = 0; i < locks.length; i++) locks[i]!.lock();
  try {
    return lookFrom(run, 0);
  } finally {
    for (let i = locks.length - 1; i >= 0; i--) locks[i]!.unlock();
  }
}

// Rules are looked up one after the other so that a rejecting rule stops the lookups,
// as in nginx; an asynchronous store resumes the loop from its promise.
function lookFrom(run: GroupRun, from: number): MaybePromise<GroupOutcome> {
  for (let i = from; i < run.rules.length; i++) {
    const rule = run.rules[i]!;
    const key = run.keys[i] ?? rule.zone.key(run.req);
    const check: RuleCheck = { limit: rule.limit, state: undefined, skip: key === '', excess: 0 };
    run.checks[i] = check;
    run.keys[i] = key;
    if (check.skip) continue;
    const state = rule.zone.store.get(key);
    if (isPromise(state)) {
      return state.then(
        (value) => resume(run, i, value),
        // A shared store that fails lets the request through rather than failing it.
        () => resume(run, i, undefined, true),
      );
    }
    check.state = state;
    if (rejects(check, run.now)) return { kind: 'reject', rule: i };
  }
  return finish(run);
}

function resume(run: GroupRun, i: number, state: BucketState | undefined, failed = false): MaybePromise<GroupOutcome> {
  const check = run.checks[i]!;
  check.state = state;
  check.skip = failed;
  if (rejects(check, run.now)) return { kind: 'reject', rule: i };
  return lookFrom(run, i + 1);
}

function finish(run: GroupRun): GroupOutcome {
  const { delayMs, rule } = account(run.checks, run.now);
  let applied = false;
  for (let i = 0; i < run.checks.length; i++) {
    const check = run.checks[i]!;
    if (check.skip) continue;
    applied = true;
    const written = run.rules[i]!.zone.store.set(run.keys[i]!, check.state!);
    // A failed shared-store write loses one request's accounting, nothing more.
    if (isPromise(written)) written.catch(() => {});
  }
  return { kind: 'pass', delayMs, rule, applied };
}
