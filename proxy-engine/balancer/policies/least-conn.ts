// nginx's least_conn: the eligible peer with the fewest in-flight attempts relative to
// its weight (conns_a * weight_b < conns_b * weight_a, no division); when several tie,
// smooth weighted round robin among the tied ones, starting from the first of them.
//
// Cost: O(n) per pick (a second O(n) pass only on ties), no allocation. In-flight counts
// are the registry's, so attempts started under an older runtime still count.
import { isSelectable } from '../eligibility.ts';
import { connectionWeight, roundRobinShare } from '../slow-start.ts';
import type { PeerState, SelectionContext, SelectionPolicy } from '../types.ts';

export function createLeastConn(peers: readonly PeerState[]): SelectionPolicy {
  return {
    select(_ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null {
      let best: PeerState | null = null;
      let bestIndex = 0;
      let bestWeight = 0;
      let many = false;
      for (let i = 0; i < peers.length; i++) {
        const peer = peers[i]!;
        if (!isSelectable(peer, tried, now)) continue;
        const weight = connectionWeight(peer, now);
        if (best === null || peer.state.inFlight * bestWeight < best.state.inFlight * weight) {
          best = peer;
          bestIndex = i;
          bestWeight = weight;
          many = false;
        } else if (peer.state.inFlight * bestWeight === best.state.inFlight * weight) {
          many = true;
        }
      }
      if (best === null) return null;

      let total = 0;
      if (many) {
        const conns = best.state.inFlight;
        for (let i = bestIndex; i < peers.length; i++) {
          const peer = peers[i]!;
          if (!isSelectable(peer, tried, now)) continue;
          if (peer.state.inFlight * bestWeight !== conns * connectionWeight(peer, now)) continue;
          const share = roundRobinShare(peer, now);
          peer.currentWeight += share;
          total += share;
          if (peer.effectiveWeight < peer.weight) peer.effectiveWeight++;
          if (peer.currentWeight > best.currentWeight) best = peer;
        }
      }
      best.currentWeight -= total;
      return best;
    },
  };
}
