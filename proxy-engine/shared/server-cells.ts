// Upstream servers' state that every worker must agree on, in shared memory (nginx keeps
// it in the upstream's `zone`): in-flight count (max_conns, least_conn), passive health
// (fails, accessed, checked), the verdicts, and each pool's change epoch. Everything else
// of a ServerState (request counters, latencies, check details) stays per thread.
//
// A server's cells are found by its key through a shared table whose value is the cell's
// index; cells are handed out once and kept for the life of the engine (a server removed
// from the configuration keeps its cell, as the table's size bounds them all). A server
// that finds no cell left keeps thread-local state, as before workers.
import type { HealthStatus, PoolSignal, ServerState, SharedServerFields, SharedServerSource } from '../balancer/server-state.ts';
import { SharedHashTable } from './hash-table.ts';
import { encodeKey } from './key-bytes.ts';

// Int32 cells per server.
const INTS = 8;
const IN_FLIGHT = 0;
const FAILS = 1;
const HEALTH = 2;
const PASSIVE_DOWN = 3;
const EPOCH = 4;
// Float64 cells per server.
const FLOATS = 2;
const ACCESSED = 0;
const CHECKED = 1;

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

  bindSignal(signal: PoolSignal, poolId: string): void {
    const cell = this.cellOf(`pool|${poolId}`);
    if (cell === -1) return;
    const ints = this.#ints;
    const at = cell * INTS + EPOCH;
    // The epoch only ever goes up (`epoch++`): any write is one atomic increment, so two
    // workers' changes are two steps and neither is lost to the other.
    Object.defineProperty(signal, 'epoch', {
      get: () => Atomics.load(ints, at),
      set: () => void Atomics.add(ints, at, 1),
    });
  }

  bind(state: ServerState): SharedServerFields | null {
    const cell = this.cellOf(state.key);
    if (cell === -1) return null;
    const ints = this.#ints;
    const floats = this.#floats;
    const table = this.#table;
    const i = cell * INTS;
    const f = cell * FLOATS;
    const int = (field: number) => ({
      get: () => Atomics.load(ints, i + field),
      set: (value: number) => void Atomics.store(ints, i + field, value),
    });
    const float = (field: number) => ({
      get: () => floats[f + field]!,
      set: (value: number) => void (floats[f + field] = value),
    });
    Object.defineProperties(state, {
      inFlight: int(IN_FLIGHT),
      fails: int(FAILS),
      accessedAt: float(ACCESSED),
      checkedAt: float(CHECKED),
      health: {
        get: () => HEALTH_CODES[Atomics.load(ints, i + HEALTH)]!,
        set: (value: HealthStatus) => void Atomics.store(ints, i + HEALTH, HEALTH_CODES.indexOf(value)),
      },
      passiveDown: {
        get: () => Atomics.load(ints, i + PASSIVE_DOWN) === 1,
        set: (value: boolean) => void Atomics.store(ints, i + PASSIVE_DOWN, value ? 1 : 0),
      },
    });
    return {
      tryLease(max) {
        for (;;) {
          const current = Atomics.load(ints, i + IN_FLIGHT);
          if (max !== 0 && current >= max) return false;
          if (Atomics.compareExchange(ints, i + IN_FLIGHT, current, current + 1) === current) return true;
        }
      },
      leaseEnded() {
        for (;;) {
          const current = Atomics.load(ints, i + IN_FLIGHT);
          if (current <= 0) return;
          if (Atomics.compareExchange(ints, i + IN_FLIGHT, current, current - 1) === current) return;
        }
      },
      failed(now) {
        table.lock();
        try {
          floats[f + ACCESSED] = now;
          floats[f + CHECKED] = now;
          return Atomics.add(ints, i + FAILS, 1) + 1;
        } finally {
          table.unlock();
        }
      },
      succeeded() {
        // Unlocked first look: the common case (no failures) costs one load.
        if (Atomics.load(ints, i + FAILS) === 0) return false;
        table.lock();
        try {
          if (!(floats[f + ACCESSED]! < floats[f + CHECKED]!) || ints[i + FAILS] === 0) return false;
          Atomics.store(ints, i + FAILS, 0);
          return true;
        } finally {
          table.unlock();
        }
      },
      picked(now, failTimeoutMs) {
        if (!(now - floats[f + CHECKED]! > failTimeoutMs)) return;
        table.lock();
        try {
          // Checked again under the lock: after fail_timeout exactly one pick moves it.
          if (now - floats[f + CHECKED]! > failTimeoutMs) floats[f + CHECKED] = now;
        } finally {
          table.unlock();
        }
      },
      swapVerdict(source, to) {
        if (source === 'active') return HEALTH_CODES[Atomics.exchange(ints, i + HEALTH, HEALTH_CODES.indexOf(to))]!;
        return Atomics.exchange(ints, i + PASSIVE_DOWN, to === 'unhealthy' ? 1 : 0) === 1 ? 'unhealthy' : 'healthy';
      },
    };
  }
}
