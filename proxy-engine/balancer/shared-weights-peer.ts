// A compiled peer whose smooth round-robin weights live in shared memory (the server's
// cells, shared/server-cells.ts) instead of in the compiled runtime, so that every engine
// worker continues one sequence, as nginx's workers do with a `zone` in the upstream.
// The policies read and write `currentWeight` / `effectiveWeight` as before; the runtime
// holds the pool's selection lock around every pick and every release that changes them.
import type { ParsedAddress } from '../../core/config/primitives.ts';
import type { ServerState, SharedServerFields } from './server-state.ts';
import type { PeerState } from './types.ts';

export interface PeerFields {
  index: number;
  address: string;
  target: ParsedAddress;
  weight: number;
  backup: boolean;
  down: boolean;
  maxFails: number;
  failTimeoutMs: number;
  maxConns: number;
  slowStartMs: number;
  state: ServerState;
}

export class SharedWeightsPeer implements PeerState {
  readonly index: number;
  readonly address: string;
  readonly target: ParsedAddress;
  readonly weight: number;
  readonly backup: boolean;
  readonly down: boolean;
  readonly maxFails: number;
  readonly failTimeoutMs: number;
  readonly maxConns: number;
  readonly slowStartMs: number;
  readonly state: ServerState;
  scanMark = 0;
  readonly #cells: Float64Array;
  readonly #at: number;

  constructor(fields: PeerFields, cells: SharedServerFields) {
    this.index = fields.index;
    this.address = fields.address;
    this.target = fields.target;
    this.weight = fields.weight;
    this.backup = fields.backup;
    this.down = fields.down;
    this.maxFails = fields.maxFails;
    this.failTimeoutMs = fields.failTimeoutMs;
    this.maxConns = fields.maxConns;
    this.slowStartMs = fields.slowStartMs;
    this.state = fields.state;
    this.#cells = cells.weights.cells;
    this.#at = cells.weights.at;
  }

  get currentWeight(): number {
    return this.#cells[this.#at]!;
  }
  set currentWeight(value: number) {
    this.#cells[this.#at] = value;
  }

  get effectiveWeight(): number {
    return this.#cells[this.#at + 1]!;
  }
  set effectiveWeight(value: number) {
    this.#cells[this.#at + 1] = value;
  }
}

/** What a fresh compile starts from (nginx's reload): no current weight, full effective weight. */
export function resetWeights(peers: readonly PeerState[]): void {
  for (const peer of peers) {
    peer.currentWeight = 0;
    peer.effectiveWeight = peer.weight;
  }
}
