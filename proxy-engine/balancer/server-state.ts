// Per-server mutable state, kept outside the compiled configuration so that a reload
// neither resets health nor loses in-flight counts. Keyed by `${poolId}|${address}`:
// the same address in two pools is two servers, as two nginx upstream blocks are.

export type HealthStatus = 'unknown' | 'healthy' | 'unhealthy';

/**
 * Bumped whenever a server of the pool may have become eligible or ineligible, or had
 * its weight changed (health verdicts, failures, max_conns reached or left), so a policy
 * that caches a steady state (steady-round-robin.ts) knows in O(1) to drop it.
 */
export interface PoolSignal {
  epoch: number;
}

export interface ServerState {
  readonly key: string;
  readonly poolId: string;
  readonly address: string;
  readonly signal: PoolSignal;
  /** Attempts picked and not yet released (nginx `conns`), across every runtime generation. */
  inFlight: number;
  requests: number;
  failures: number;
  lastLatencyMs: number | null;
  /** Passive accounting as nginx keeps it: `fails`, and the times of the last failure (`accessed`) and of the window start (`checked`). */
  fails: number;
  accessedAt: number;
  checkedAt: number;
  /** True from the failure that reached max_fails until a success clears it (for stats; selection derives availability from the times). */
  passiveDown: boolean;
  /** Active health check verdict; `unknown` (no verdict yet) is selectable, as nginx treats servers before their first check. */
  health: HealthStatus;
  consecutiveOk: number;
  consecutiveFailed: number;
  lastCheckAt: number | null;
  lastCheckStatus: number | null;
  lastCheckError: string | null;
  lastCheckLatencyMs: number | null;
  /** When the server last came back (active or passive); slow start ramps from here. */
  recoveredAt: number;
  /** Set when the fields every worker must agree on live in shared memory (shared/server-cells.ts). */
  readonly shared?: SharedServerFields;
}

/**
 * The read-modify-write steps on a server's shared fields, each atomic across threads.
 * With shared fields the state's plain properties (inFlight, fails, …) read them too.
 */
export interface SharedServerFields {
  /** inFlight + 1 unless at `max` (0: no limit); false, and nothing changed, at max. */
  tryLease(max: number): boolean;
  /** inFlight - 1, never below 0. */
  leaseEnded(): void;
  /** A failure: fails + 1, accessed = checked = now; the new fails. */
  failed(now: number): number;
  /** A success: fails back to 0 if the window moved after the last failure; true when it did. */
  succeeded(): boolean;
  /** A pick: checked = now once fail_timeout has passed since it. */
  picked(now: number, failTimeoutMs: number): void;
  /** Sets a verdict and returns the one before (so one thread reports a transition). */
  swapVerdict(source: 'active' | 'passive', to: HealthStatus): HealthStatus;
  /**
   * Smooth round robin's weights (nginx keeps them in the upstream's zone): `cells[at]` is
   * the current weight, `cells[at + 1]` the effective one; read and written under the
   * pool's selection lock only. Handed out as the array itself so a pick reads them directly.
   */
  readonly weights: { readonly cells: Float64Array; readonly at: number };
}

/**
 * A pool's selection as one critical section across threads (nginx's peers lock in the
 * upstream zone): every worker picks from the same round-robin weights, in one sequence.
 */
export interface SharedPoolSelection {
  lock(): void;
  unlock(): void;
  /**
   * Under the lock, before picking: true when `generation` (the revision the runtime was
   * compiled from) is newer than the weights', which the caller then starts afresh, as a
   * reload does with one worker. An older runtime still serving picks on the newer weights.
   */
  enter(generation: number): boolean;
  /** The pool queue (requests waiting for a max_conns slot) counted across workers: +1 unless `size` wait already; false then. */
  enterQueue(size: number): boolean;
  leaveQueue(): void;
}

/** Creates servers' states (and pools' signals) whose shared fields live in shared memory. */
export interface SharedServerSource {
  /** null when shared memory has no room left: the server keeps thread-local state. */
  createState(key: string, poolId: string, address: string, signal: PoolSignal): ServerState | null;
  createSignal(poolId: string): PoolSignal | null;
  /** null when shared memory has no room left: the pool keeps thread-local weights. */
  createSelection(poolId: string): SharedPoolSelection | null;
}

export interface HealthChangeEvent {
  key: string;
  poolId: string;
  address: string;
  source: 'active' | 'passive';
  from: HealthStatus;
  to: HealthStatus;
  reason: string | null;
  at: number;
}

export type HealthListener = (event: HealthChangeEvent) => void;
export type ReleaseListener = (state: ServerState) => void;

export function serverKey(poolId: string, address: string): string {
  return `${poolId}|${address}`;
}

/** Where a compiled pool finds the state of its servers. */
export interface ServerStateSource {
  get(poolId: string, address: string): ServerState;
  signal(poolId: string): PoolSignal;
  /** The pool's shared selection lock and weights; null without shared memory. */
  selection?(poolId: string): SharedPoolSelection | null;
}

export interface ServerStatePlan extends ServerStateSource {
  /** The planned runtime is live: its servers are the registry's, the others are forgotten. */
  commit(keys: Iterable<string>): void;
}

export class ServerStateRegistry {
  readonly #shared: SharedServerSource | undefined;
  readonly #states = new Map<string, ServerState>();
  readonly #signals = new Map<string, PoolSignal>();
  readonly #selections = new Map<string, SharedPoolSelection | null>();
  readonly #healthListeners = new Set<HealthListener>();
  readonly #releaseListeners = new Set<ReleaseListener>();

  /** `shared`: the engine runs several workers and servers' state lives in shared memory. */
  constructor(options: { shared?: SharedServerSource } = {}) {
    this.#shared = options.shared;
  }

  /** The state of a server, created on first use (a new server starts with no failures and an unknown verdict). */
  get(poolId: string, address: string): ServerState {
    const key = serverKey(poolId, address);
    let state = this.#states.get(key);
    if (!state) {
      state = this.#create(key, poolId, address, this.signal(poolId));
      this.#states.set(key, state);
    }
    return state;
  }

  signal(poolId: string): PoolSignal {
    let signal = this.#signals.get(poolId);
    if (!signal) {
      signal = this.#createSignal(poolId);
      this.#signals.set(poolId, signal);
    }
    return signal;
  }

  /** The pool's shared selection (found again by pool id after a reload); null without shared memory. */
  selection(poolId: string): SharedPoolSelection | null {
    if (!this.#shared) return null;
    let selection = this.#selections.get(poolId);
    if (selection === undefined) {
      selection = this.#shared.createSelection(poolId);
      this.#selections.set(poolId, selection);
    }
    return selection;
  }

  #createSignal(poolId: string): PoolSignal {
    return this.#shared?.createSignal(poolId) ?? { epoch: 0 };
  }

  #create(key: string, poolId: string, address: string, signal: PoolSignal): ServerState {
    return this.#shared?.createState(key, poolId, address, signal) ?? createServerState(key, poolId, address, signal);
  }

  find(key: string): ServerState | undefined {
    return this.#states.get(key);
  }

  entries(): IterableIterator<ServerState> {
    return this.#states.values();
  }

  /**
   * What a compile sees: the states of servers already known, and new ones the registry
   * learns only at `commit` (a compile that fails leaves the registry as it was).
   */
  plan(): ServerStatePlan {
    const states = new Map<string, ServerState>();
    const signals = new Map<string, PoolSignal>();
    const signal = (poolId: string): PoolSignal => {
      let found = this.#signals.get(poolId) ?? signals.get(poolId);
      if (!found) {
        found = this.#createSignal(poolId);
        signals.set(poolId, found);
      }
      return found;
    };
    return {
      signal,
      selection: (poolId) => this.selection(poolId),
      get: (poolId, address) => {
        const key = serverKey(poolId, address);
        let state = this.#states.get(key) ?? states.get(key);
        if (!state) {
          state = this.#create(key, poolId, address, signal(poolId));
          states.set(key, state);
        }
        return state;
      },
      commit: (keys) => {
        for (const [poolId, planned] of signals) if (!this.#signals.has(poolId)) this.#signals.set(poolId, planned);
        for (const [key, planned] of states) if (!this.#states.has(key)) this.#states.set(key, planned);
        this.retain(keys);
      },
    };
  }

  /**
   * Forgets servers that left the configuration. Requests still holding one keep their
   * own reference, so their release lands on the orphan and cannot skew a re-added server.
   */
  retain(keys: Iterable<string>): void {
    const keep = keys instanceof Set ? (keys as ReadonlySet<string>) : new Set(keys);
    const pools = new Set<string>();
    for (const [key, state] of this.#states) {
      if (keep.has(key)) {
        pools.add(state.poolId);
        continue;
      }
      this.#states.delete(key);
      state.signal.epoch++;
    }
    for (const poolId of this.#signals.keys()) if (!pools.has(poolId)) this.#signals.delete(poolId);
    for (const poolId of this.#selections.keys()) if (!pools.has(poolId)) this.#selections.delete(poolId);
  }

  /** Subscribes to health transitions (stats stream, audit trail); returns the unsubscribe function. */
  onHealthChange(listener: HealthListener): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }

  /** Subscribes to releases, so a queue of requests waiting on max_conns can retry without polling. */
  onRelease(listener: ReleaseListener): () => void {
    this.#releaseListeners.add(listener);
    return () => this.#releaseListeners.delete(listener);
  }

  /** Records a verdict change and tells the listeners; a recovery starts slow start. */
  transition(state: ServerState, source: 'active' | 'passive', to: HealthStatus, reason: string | null, now: number): void {
    let from: HealthStatus;
    if (state.shared) {
      // One swap: of two workers making the same change, one reports it.
      from = state.shared.swapVerdict(source, to);
      if (from === to) return;
    } else if (source === 'active') {
      from = state.health;
      if (from === to) return;
      state.health = to;
    } else {
      from = state.passiveDown ? 'unhealthy' : 'healthy';
      if (from === to) return;
      state.passiveDown = to === 'unhealthy';
    }
    state.signal.epoch++;
    if (from === 'unhealthy' && to === 'healthy') state.recoveredAt = now;
    if (this.#healthListeners.size === 0) return;
    const event: HealthChangeEvent = { key: state.key, poolId: state.poolId, address: state.address, source, from, to, reason, at: now };
    for (const listener of this.#healthListeners) {
      // A faulty subscriber must not break selection or the checker that reported.
      try {
        listener(event);
      } catch {
        /* ignored on purpose */
      }
    }
  }

  released(state: ServerState): void {
    for (const listener of this.#releaseListeners) {
      try {
        listener(state);
      } catch {
        /* ignored on purpose */
      }
    }
  }
}

function createServerState(key: string, poolId: string, address: string, signal: PoolSignal): ServerState {
  return {
    key,
    poolId,
    address,
    signal,
    inFlight: 0,
    requests: 0,
    failures: 0,
    lastLatencyMs: null,
    fails: 0,
    accessedAt: 0,
    checkedAt: 0,
    passiveDown: false,
    health: 'unknown',
    consecutiveOk: 0,
    consecutiveFailed: 0,
    lastCheckAt: null,
    lastCheckStatus: null,
    lastCheckError: null,
    lastCheckLatencyMs: null,
    recoveredAt: Number.NEGATIVE_INFINITY,
  };
}
