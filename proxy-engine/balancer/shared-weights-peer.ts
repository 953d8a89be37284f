// A compiled peer whose smooth round-robin weights live in shared memory (the server's
// cells, shared/server-cells.ts) instead of in the compiled runtime, so that every engine
// worker continues one sequence, as nginx's workers do with a `zone` in the upstream.
// The policies read and write `currentWeight` / `effectiveWeight` as before; the runtime
// holds the pool's selection lock around every pick and every release that changes them.
import type { SharedServerFields } from './server-state.ts';
import type { PeerState } from './types.ts';

/** A peer's fields from the config and the registry: all of PeerState but the selection state. */
export type PeerFields = Omit<PeerState, 'currentWeight' | 'effectiveWeight' | 'scanMark'>;

// The class carries the fields it is given (declared here, assigned in the constructor).
export interface SharedWeightsPeer extends PeerFields {}

export class SharedWeightsPeer implements PeerState {
  scanMark = 0;
  readonly #cells: Float64Array;
  readonly #at: number;

  constructor(fields: PeerFields, cells: SharedServerFields) {
    Object.assign(this, fields);
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
