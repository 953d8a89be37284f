// nginx's `random two least_conn` (power of two choices): draw two different eligible
// peers at random, weighted by weight, and keep the one with fewer in-flight attempts
// relative to its weight (the second draw on a tie). Draws of an ineligible or repeated
// peer count towards 20; past that, round robin decides.
//
// Cost: O(log n) per draw, a handful of draws; no allocation. Scales to large pools
// without the O(n) scan of least_conn, at the price of being approximate.
import { isSelectable } from '../eligibility.ts';
import type { PeerState, SelectionContext, SelectionPolicy } from '../types.ts';
import { createRoundRobin } from './round-robin.ts';
import { MAX_DRAWS, WeightedWalk } from './weighted-walk.ts';

/** `random` returns a float in [0, 1), as Math.random does; tests inject a seeded one. */
export function createRandomTwo(peers: readonly PeerState[], random: () => number = Math.random): SelectionPolicy {
  const walk = new WeightedWalk(peers);
  const fallback = createRoundRobin(peers);
  return {
    select(ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null {
      let first: PeerState | null = null;
      for (let draws = 0; ; ) {
        const peer = walk.at(Math.floor(random() * walk.total));
        if (peer !== first && isSelectable(peer, tried, now)) {
          if (first !== null) {
            return peer.state.inFlight * first.weight > first.state.inFlight * peer.weight ? first : peer;
          }
          first = peer;
        }
        if (++draws > MAX_DRAWS) return fallback.select(ctx, tried, now);
      }
    },
  };
}
