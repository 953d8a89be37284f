// One group of limit_conn rules against their zones' stores, as nginx's handler runs a
// location's rules: slots are taken in order, and a refusal gives back the ones this
// group took (ngx_http_limit_conn_cleanup_all).
import type { LimitRequestView } from '../rate-limit/key.ts';
import { isPromise, type MaybePromise } from '../rate-limit/store.ts';
import type { AcquireResult, ConnStore } from './store.ts';
import type { ConnZone } from './zones.ts';

// A fail-closed refusal while the shared zones' server is unreachable.
const UNAVAILABLE_STATUS = 503;

export interface CompiledRule {
  zone: ConnZone;
  max: number;
  status: number;
}

/** A slot held for a request: given back with store.release(key). */
export interface Slot {
  store: ConnStore;
  key: string;
}

/** reject's status: instead of the rule's when the zone's shared server is unreachable (fail-closed). */
export type GroupOutcome = { kind: 'reject'; rule: number; status?: number } | { kind: 'pass'; held: Slot[]; applied: boolean };

export const EMPTY_GROUP: GroupOutcome = Object.freeze({ kind: 'pass', held: [], applied: false });

interface GroupRun {
  rules: CompiledRule[];
  req: LimitRequestView;
  held: Slot[];
  applied: boolean;
}

export function runGroup(rules: CompiledRule[], req: LimitRequestView): MaybePromise<GroupOutcome> {
  return acquireFrom({ rules, req, held: [], applied: false }, 0);
}

function acquireFrom(run: GroupRun, from: number): MaybePromise<GroupOutcome> {
  for (let i = from; i < run.rules.length; i++) {
    const rule = run.rules[i]!;
    const key = rule.zone.key(run.req);
    if (key === '') continue;
    const result = rule.zone.store.acquire(key, rule.max);
    if (isPromise(result)) {
      return result.then(
        (value) => settle(run, i, key, value) ?? acquireFrom(run, i + 1),
        // A shared store that fails lets the request through; nothing was taken.
        () => acquireFrom(run, i + 1),
      );
    }
    const outcome = settle(run, i, key, result);
    if (outcome) return outcome;
  }
  return { kind: 'pass', held: run.held, applied: run.applied };
}

/** Record one acquire; on a refusal give back what this group took and reject. */
function settle(run: GroupRun, i: number, key: string, result: AcquireResult): GroupOutcome | undefined {
  run.applied = true;
  if (result === 'ok') {
    run.held.push({ store: run.rules[i]!.zone.store, key });
    return undefined;
  }
  releaseAll(run.held);
  return result === 'unavailable' ? { kind: 'reject', rule: i, status: UNAVAILABLE_STATUS } : { kind: 'reject', rule: i };
}

export function releaseAll(held: Slot[]): void {
  for (const slot of held) {
    const released = slot.store.release(slot.key);
    // A shared store that fails to count down keeps the slot until its own expiry.
    if (isPromise(released)) released.catch(() => {});
  }
}
