// limit_req rules whose zones live on a server shared by several instances (Redis/Valkey,
// proxy-engine/redis/): the whole group's check-and-account is one call the server runs
// atomically, instead of get…set per rule (two instances reading the same bucket between
// each other's get and set would both pass). When the server cannot be reached the group
// falls back to the zones' local stores (fail-open) or refuses with 503 (fail-closed).
import type { BucketLimit, BucketState } from './leaky-bucket.ts';
import type { LimitRequestView } from './key.ts';
import { EMPTY_GROUP, groupLocks, runGroup, type CompiledRule, type GroupOutcome } from './rule-group.ts';
import type { LimiterStore, MaybePromise, ZoneStoreLifecycle } from './store.ts';

export type RemoteVerdict = { kind: 'reject'; index: number } | { kind: 'pass'; delayMs: number; index: number };

export interface RemoteRateBackend {
  /** Whether the server can be asked now (a call would fail at once otherwise). */
  readonly available: boolean;
  /** fail-closed: limited requests are refused while the server is unreachable. */
  readonly failClosed: boolean;
  /** nginx's group evaluation over these buckets, on the server; rejects when unreachable. */
  checkGroup(keys: readonly string[], limits: readonly BucketLimit[]): Promise<RemoteVerdict>;
}

export interface RemoteRateStore {
  readonly remote: RemoteRateBackend;
  /** The zone on this instance alone: used while the server is unreachable (fail-open). */
  readonly local: LimiterStore<BucketState> & ZoneStoreLifecycle;
  /** The server's key for a request key of this zone. */
  remoteKey(key: string): string;
}

export function isRemoteRateStore(store: object): store is RemoteRateStore {
  return typeof (store as Partial<RemoteRateStore>).remoteKey === 'function' && (store as Partial<RemoteRateStore>).local !== undefined;
}

/** The status a fail-closed refusal answers. */
export const UNAVAILABLE_STATUS = 503;

export type GroupRunner = (req: LimitRequestView, now: number) => MaybePromise<GroupOutcome>;

/**
 * A runner for a group whose every zone is remote (on one server); null otherwise.
 * `mayRefuse`: false for dry-run rules, which never refuse and so fall back to the local
 * zones in either failure mode.
 */
export function remoteGroupRunner(rules: CompiledRule[], mayRefuse: boolean): GroupRunner | null {
  if (rules.length === 0 || !rules.every((rule) => isRemoteRateStore(rule.zone.store))) return null;
  const stores = rules.map((rule) => rule.zone.store as unknown as RemoteRateStore);
  const backend = stores[0]!.remote;
  if (!stores.every((store) => store.remote === backend)) return null;
  const localRules: CompiledRule[] = rules.map((rule, i) => ({ ...rule, zone: { ...rule.zone, store: stores[i]!.local } }));
  const localLocks = groupLocks(localRules);
  const limits = rules.map((rule) => rule.limit);

  const fallback = (req: LimitRequestView, now: number): MaybePromise<GroupOutcome> => {
    if (mayRefuse && backend.failClosed) {
      const first = rules.findIndex((rule) => rule.zone.key(req) !== '');
      return first === -1 ? EMPTY_GROUP : { kind: 'reject', rule: first, status: UNAVAILABLE_STATUS };
    }
    return runGroup(localRules, req, now, localLocks);
  };

  return (req, now) => {
    if (!backend.available) return fallback(req, now);
    const keys: string[] = [];
    const used: BucketLimit[] = [];
    const index: number[] = [];
    for (let i = 0; i < rules.length; i++) {
      const key = rules[i]!.zone.key(req);
      if (key === '') continue;
      keys.push(stores[i]!.remoteKey(key));
      used.push(limits[i]!);
      index.push(i);
    }
    if (keys.length === 0) return EMPTY_GROUP;
    return backend.checkGroup(keys, used).then(
      (verdict): GroupOutcome => (verdict.kind === 'reject' ? { kind: 'reject', rule: index[verdict.index]! } : { kind: 'pass', delayMs: verdict.delayMs, rule: verdict.index < 0 ? -1 : index[verdict.index]!, applied: true }),
      () => fallback(req, now),
    );
  };
}
