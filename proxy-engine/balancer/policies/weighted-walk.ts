// What the hash-style policies share. nginx maps a hash onto a peer by walking the peer
// list subtracting weights (hash % total_weight); a prefix-sum binary search gives the
// same peer in O(log n). And all of them give up after 20 unlucky draws and fall back to
// round robin, a limit that counts across the retries of one request.
import { isAvailable } from '../eligibility.ts';
import type { PeerState } from '../types.ts';

export const MAX_DRAWS = 20;

export class WeightedWalk {
  readonly total: number;
  readonly #starts: Float64Array;
  readonly #peers: readonly PeerState[];

  constructor(peers: readonly PeerState[]) {
    this.#peers = peers;
    this.#starts = new Float64Array(peers.length);
    let total = 0;
    peers.forEach((peer, i) => {
      this.#starts[i] = total;
      total += peer.weight; // down peers keep their slice, as in nginx's total_weight
    });
    this.total = total;
  }

  /** The peer whose weight slice holds `w` (0 <= w < total). */
  at(w: number): PeerState {
    const starts = this.#starts;
    let lo = 0;
    let hi = starts.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (w < starts[mid]!) hi = mid;
      else lo = mid;
    }
    return this.#peers[lo]!;
  }
}

let generation = 0;

/** A fresh mark for one scan of a retried request (0 when nothing was tried). */
export function scanMark(tried: ReadonlySet<string>): number {
  return tried.size === 0 ? 0 : ++generation;
}

export const PICK = 0;
export const SKIP = 1;
/** A skip that does not count towards MAX_DRAWS. */
export const FREE = 2;

/**
 * Judges one draw. nginx keeps a request's hash position between its tries and resumes
 * after the draw that picked; Portico re-walks from the start with the tried set, so the
 * first draw landing on each tried peer is the one nginx picked there and is not counted
 * again — keeping the walk, and its 20-draw limit, the same as nginx's.
 */
export function judgeDraw(peer: PeerState, tried: ReadonlySet<string>, mark: number, now: number): number {
  if (mark !== 0 && tried.has(peer.address)) {
    if (peer.scanMark === mark) return SKIP;
    peer.scanMark = mark;
    return FREE;
  }
  return isAvailable(peer, now) ? PICK : SKIP;
}
