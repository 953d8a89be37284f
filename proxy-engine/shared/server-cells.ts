// Upstream servers' state that every worker must agree on, in shared memory (nginx keeps
// it in the upstream's `zone`): in-flight count (max_conns, least_conn), passive health
// (fails, accessed, checked), the verdicts, and each pool's change epoch. Everything else
// of a ServerState (request counters, latencies, check details) stays per thread.
//
// A server's cells are found by its key through a shared table whose value is the cell's
// index; cells are handed out once and kept for the life of the engine (a server removed
// from the configuration keeps its cell, as the table's size bounds them all). A server
// that finds no cell left keeps thread-local state, as before workers.
import type { HealthStatus, PoolSignal, ServerState, SharedPoolSelection, SharedServerFields, SharedServerSource } from '../balancer/server-state.ts';
import { SharedHashTable } from './hash-table.ts';
import { encodeKey } from './key-bytes.ts';
import { lock, releaseOwner, unlock } from './mutex.ts';

// Int32 cells per server.
const INTS = 8;
const IN_FLIGHT = 0;
const FAILS = 1;
const HEALTH = 2;
const PASSIVE_DOWN = 3;
const EPOCH = 4;
// A pool's cell: requests in its queue, its selection lock word, and the revision its servers' weights belong to (+1, 0: none yet).
const QUEUE_WAITING = 3;
const SELECTION_LOCK = 5;
const GENERATION = 6;
// A server's cell: 1 once recoveredAt holds a time (zeroed memory must read as "never").
const RECOVERED_SET = 7;
// Float64 cells per server.
const FLOATS = 5;
const ACCESSED = 0;
const CHECKED = 1;
const CURRENT_WEIGHT = 2; // the effective weight follows it (SharedServerFields.weights)
const RECOVERED_AT = 4;

const HEALTH_CODES: readonly HealthStatus[] = ['unknown', 'healthy', 'unhealthy'];

/** Bytes a zone for this many servers (and pools) takes. */
export function serverCellsBytes(maxServers: number): number {
  return SharedHashTable.bytesFor(maxServers) + 8 + maxServers * INTS * 4 + maxServers * FLOATS * 8;
}

export class SharedServerCells implements SharedServerSource {
  readonly #table: SharedHashTable;
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #next: Int32Array;
  readonly maxServers: number;

  constructor(buffer: SharedArrayBuffer, byteOffset: number, maxServers: number, fresh: boolean) {
    this.#table = new SharedHashTable(buffer, byteOffset, maxServers, fresh);
    let at = byteOffset + SharedHashTable.bytesFor(maxServers);
    this.#next = new Int32Array(buffer, at, 2);
    at += 8;
    this.#ints = new Int32Array(buffer, at, maxServers * INTS);
    at += maxServers * INTS * 4;
    this.#floats = new Float64Array(buffer, at, maxServers * FLOATS);
    this.maxServers = maxServers;
  }

  /** Cells in use (servers and pools). */
  get used(): number {
    return Atomics.load(this.#next, 0);
  }

  /** The cell index of a key, handed out on first use; -1 when none is left. */
  cellOf(key: string): number {
    const table = this.#table;
    table.lock();
    try {
      const encoded = encodeKey(key);
      let slot = table.find(encoded);
      if (slot !== -1) return table.int(slot);
      const cell = this.#next[0]!;
      if (cell >= this.maxServers) return -1;
      slot = table.insert(encoded, 0);
      if (slot === -1) return -1;
      table.setInt(slot, cell);
      Atomics.store(this.#next, 0, cell + 1);
      return cell;
    } finally {
      table.unlock();
    }
  }

  createSignal(poolId: string): PoolSignal | null {
    const cell = this.cellOf(`pool|${poolId}`);
    return cell === -1 ? null : new SharedSignal(this.#ints, cell * INTS + EPOCH);
  }

  createSelection(poolId: string): SharedPoolSelection | null {
    const cell = this.cellOf(`pool|${poolId}`);
    return cell === -1 ? null : new SharedSelection(this.#ints, cell * INTS);
  }

  /** A thread is gone: frees the pools' selection locks it held (the table's lock is the pool's business). */
  releaseThread(owner: number): void {
    const used = Math.min(this.used, this.maxServers);
    for (let cell = 0; cell < used; cell++) releaseOwner(this.#ints, cell * INTS + SELECTION_LOCK, owner);
  }

  createState(key: string, poolId: string, address: string, signal: PoolSignal): ServerState | null {
    const cell = this.cellOf(key);
    return cell === -1 ? null : new SharedServerState(key, poolId, address, signal, { ints: this.#ints, floats: this.#floats, table: this.#table }, cell);
  }
}

/** The epoch only ever goes up (`epoch++`): any write is one atomic increment, so two workers' changes are two steps. */
class SharedSignal implements PoolSignal {
  readonly #ints: Int32Array;
  readonly #at: number;

  constructor(ints: Int32Array, at: number) {
    this.#ints = ints;
    this.#at = at;
  }

  get epoch(): number {
    return Atomics.load(this.#ints, this.#at);
  }

  set epoch(_: number) {
    Atomics.add(this.#ints, this.#at, 1);
  }
}

/**
 * One pool's selection lock (mutex.ts: owner id in the word, so a dead thread's hold is
 * freed by releaseThread) and the generation of its servers' shared weights.
 */
class SharedSelection implements SharedPoolSelection {
  readonly #ints: Int32Array;
  readonly #base: number;

  constructor(ints: Int32Array, base: number) {
    this.#ints = ints;
    this.#base = base;
  }

  lock(): void {
    lock(this.#ints, this.#base + SELECTION_LOCK);
  }

  unlock(): void {
    unlock(this.#ints, this.#base + SELECTION_LOCK);
  }

  enter(generation: number): boolean {
    const at = this.#base + GENERATION;
    if (generation + 1 <= this.#ints[at]!) return false;
    this.#ints[at] = generation + 1;
    return true;
  }

  enterQueue(size: number): boolean {
    const ints = this.#ints;
    const at = this.#base + QUEUE_WAITING;
    for (;;) {
      const current = Atomics.load(ints, at);
      if (current >= size) return false;
      if (Atomics.compareExchange(ints, at, current, current + 1) === current) return true;
    }
  }

  leaveQueue(): void {
    const ints = this.#ints;
    const at = this.#base + QUEUE_WAITING;
    for (;;) {
      const current = Atomics.load(ints, at);
      if (current <= 0) return;
      if (Atomics.compareExchange(ints, at, current, current - 1) === current) return;
    }
  }
}

interface CellViews {
  ints: Int32Array;
  floats: Float64Array;
  table: SharedHashTable;
}

/**
 * A server's state whose shared fields are read from and written to its cells; one class
 * (not per-object accessors) so selection's property reads stay fast. Plain reads: an
 * aligned int32 never tears, and selection only needs a recent value; every
 * read-modify-write below is an Atomics operation or runs under the table's lock.
 */
class SharedServerState implements ServerState, SharedServerFields {
  readonly key: string;
  readonly poolId: string;
  readonly address: string;
  readonly signal: PoolSignal;
  requests = 0;
  failures = 0;
  lastLatencyMs: number | null = null;
  consecutiveOk = 0;
  consecutiveFailed = 0;
  lastCheckAt: number | null = null;
  lastCheckStatus: number | null = null;
  lastCheckError: string | null = null;
  lastCheckLatencyMs: number | null = null;
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #table: SharedHashTable;
  readonly #i: number;
  readonly #f: number;

  constructor(key: string, poolId: string, address: string, signal: PoolSignal, views: CellViews, cell: number) {
    this.key = key;
    this.poolId = poolId;
    this.address = address;
    this.signal = signal;
    this.#ints = views.ints;
    this.#floats = views.floats;
    this.#table = views.table;
    this.#i = cell * INTS;
    this.#f = cell * FLOATS;
  }

  get shared(): SharedServerFields {
    return this;
  }

  get inFlight(): number {
    return this.#ints[this.#i + IN_FLIGHT]!;
  }
  set inFlight(value: number) {
    Atomics.store(this.#ints, this.#i + IN_FLIGHT, value);
  }

  get fails(): number {
    return this.#ints[this.#i + FAILS]!;
  }
  set fails(value: number) {
    Atomics.store(this.#ints, this.#i + FAILS, value);
  }

  get accessedAt(): number {
    return this.#floats[this.#f + ACCESSED]!;
  }
  set accessedAt(value: number) {
    this.#floats[this.#f + ACCESSED] = value;
  }

  get checkedAt(): number {
    return this.#floats[this.#f + CHECKED]!;
  }
  set checkedAt(value: number) {
    this.#floats[this.#f + CHECKED] = value;
  }

  get weights(): { cells: Float64Array; at: number } {
    return { cells: this.#floats, at: this.#f + CURRENT_WEIGHT };
  }

  /** Shared: slow start ramps on every worker from the recovery one of them reported. */
  get recoveredAt(): number {
    return Atomics.load(this.#ints, this.#i + RECOVERED_SET) === 1 ? this.#floats[this.#f + RECOVERED_AT]! : Number.NEGATIVE_INFINITY;
  }
  set recoveredAt(value: number) {
    this.#floats[this.#f + RECOVERED_AT] = value;
    Atomics.store(this.#ints, this.#i + RECOVERED_SET, 1);
  }

  get health(): HealthStatus {
    return HEALTH_CODES[this.#ints[this.#i + HEALTH]!]!;
  }
  set health(value: HealthStatus) {
    Atomics.store(this.#ints, this.#i + HEALTH, HEALTH_CODES.indexOf(value));
  }

  get passiveDown(): boolean {
    return this.#ints[this.#i + PASSIVE_DOWN] === 1;
  }
  set passiveDown(value: boolean) {
    Atomics.store(this.#ints, this.#i + PASSIVE_DOWN, value ? 1 : 0);
  }

  tryLease(max: number): boolean {
    const ints = this.#ints;
    const at = this.#i + IN_FLIGHT;
    for (;;) {
      const current = Atomics.load(ints, at);
      if (max !== 0 && current >= max) return false;
      if (Atomics.compareExchange(ints, at, current, current + 1) === current) return true;
    }
  }

  leaseEnded(): void {
    const ints = this.#ints;
    const at = this.#i + IN_FLIGHT;
    for (;;) {
      const current = Atomics.load(ints, at);
      if (current <= 0) return;
      if (Atomics.compareExchange(ints, at, current, current - 1) === current) return;
    }
  }

  failed(now: number): number {
    this.#table.lock();
    try {
      this.#floats[this.#f + ACCESSED] = now;
      this.#floats[this.#f + CHECKED] = now;
      return Atomics.add(this.#ints, this.#i + FAILS, 1) + 1;
    } finally {
      this.#table.unlock();
    }
  }

  succeeded(): boolean {
    // Unlocked first look: the common case (no failures) costs one load.
    if (Atomics.load(this.#ints, this.#i + FAILS) === 0) return false;
    this.#table.lock();
    try {
      if (!(this.#floats[this.#f + ACCESSED]! < this.#floats[this.#f + CHECKED]!) || this.#ints[this.#i + FAILS] === 0) return false;
      Atomics.store(this.#ints, this.#i + FAILS, 0);
      return true;
    } finally {
      this.#table.unlock();
    }
  }

  picked(now: number, failTimeoutMs: number): void {
    if (!(now - this.#floats[this.#f + CHECKED]! > failTimeoutMs)) return;
    this.#table.lock();
    try {
      // Looked at again under the lock: after fail_timeout one pick moves it.
      if (now - this.#floats[this.#f + CHECKED]! > failTimeoutMs) this.#floats[this.#f + CHECKED] = now;
    } finally {
      this.#table.unlock();
    }
  }

  swapVerdict(source: 'active' | 'passive', to: HealthStatus): HealthStatus {
    if (source === 'active') return HEALTH_CODES[Atomics.exchange(this.#ints, this.#i + HEALTH, HEALTH_CODES.indexOf(to))]!;
    return Atomics.exchange(this.#ints, this.#i + PASSIVE_DOWN, to === 'unhealthy' ? 1 : 0) === 1 ? 'unhealthy' : 'healthy';
  }
}
