// Smooth weighted round robin in O(k + log n) per pick instead of nginx's O(n), giving
// exactly the same sequence while the set of eligible peers and their weights stay put
// (the steady state round-robin.ts switches into).
//
// In that state every peer adds its weight w_i on each pick and the winner gives back
// W = Σw, so after t picks current_i = c_i + t·w_i − W·p_i (c_i: value at build, p_i: the
// peer's wins since). Peers of equal weight share the t·w term, so their order only
// changes when one wins: one max-heap per weight class, keyed on c_i − W·p_i (lower list
// position first on ties, as nginx's strict '>' keeps the first). A pick compares the k
// class tops (key + (t+1)·w) and updates one heap. `materialize` writes current weights
// back so the O(n) loop can take over exactly where this left off.
import type { PeerState } from '../types.ts';

/** Beyond this many distinct weights the class scan stops paying for itself. */
export const MAX_WEIGHT_CLASSES = 8;
/** Keys drift by W per win; rebuilding now and then keeps them small exact integers. */
const REBASE_AFTER = 1 << 20;

export class SteadyRoundRobin {
  readonly #peers: readonly PeerState[];
  readonly #key: Float64Array;
  readonly #weights: number[] = [];
  readonly #heaps: Int32Array[] = [];
  readonly #total: number;
  #t = 0;
  #pendingClass = -1;

  /** Null when the peers do not suit (too many weight classes, or none). `peers` must all be eligible, at full weight. */
  static build(peers: readonly PeerState[]): SteadyRoundRobin | null {
    const weights = new Set<number>();
    for (const peer of peers) weights.add(peer.weight);
    if (peers.length === 0 || weights.size > MAX_WEIGHT_CLASSES) return null;
    return new SteadyRoundRobin(peers, [...weights]);
  }

  private constructor(peers: readonly PeerState[], weights: number[]) {
    this.#peers = peers;
    this.#key = new Float64Array(peers.length);
    let total = 0;
    const members: number[][] = weights.map(() => []);
    peers.forEach((peer, i) => {
      // A slow-start ramp leaves fractions; whole numbers keep every later step exact.
      peer.currentWeight = Math.round(peer.currentWeight);
      this.#key[i] = peer.currentWeight;
      total += peer.weight;
      members[weights.indexOf(peer.weight)]!.push(i);
    });
    this.#total = total;
    for (let c = 0; c < weights.length; c++) {
      const heap = Int32Array.from(members[c]!);
      for (let i = (heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(heap, i);
      this.#weights.push(weights[c]!);
      this.#heaps.push(heap);
    }
  }

  /** The peer the next pick goes to; `commit` makes it count. */
  peek(): PeerState {
    const next = this.#t + 1;
    let bestClass = 0;
    let bestPos = -1;
    let bestValue = 0;
    for (let c = 0; c < this.#heaps.length; c++) {
      const pos = this.#heaps[c]![0]!;
      const value = this.#key[pos]! + next * this.#weights[c]!;
      if (bestPos === -1 || value > bestValue || (value === bestValue && pos < bestPos)) {
        bestClass = c;
        bestPos = pos;
        bestValue = value;
      }
    }
    this.#pendingClass = bestClass;
    return this.#peers[bestPos]!;
  }

  commit(): void {
    const heap = this.#heaps[this.#pendingClass]!;
    this.#key[heap[0]!]! -= this.#total;
    this.#siftDown(heap, 0);
    this.#t++;
  }

  get needsRebase(): boolean {
    return this.#t >= REBASE_AFTER;
  }

  /** Writes the current weights back to the peers (for the O(n) loop, or a rebuild). */
  materialize(): void {
    const t = this.#t;
    this.#peers.forEach((peer, i) => {
      peer.currentWeight = this.#key[i]! + t * peer.weight;
    });
  }

  #siftDown(heap: Int32Array, start: number): void {
    const key = this.#key;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) return;
      let child = left;
      if (left + 1 < heap.length && higher(key, heap[left + 1]!, heap[left]!)) child = left + 1;
      if (!higher(key, heap[child]!, heap[i]!)) return;
      const swap = heap[i]!;
      heap[i] = heap[child]!;
      heap[child] = swap;
      i = child;
    }
  }
}

/** Heap order: larger key first, then the earlier list position. */
function higher(key: Float64Array, a: number, b: number): boolean {
  return key[a]! > key[b]! || (key[a] === key[b] && a < b);
}
