// nginx's smooth weighted round robin (ngx_http_upstream_get_peer): on each pick every
// eligible peer adds its effective weight to its current weight, the highest current
// weight wins (the first one on ties) and gives back the sum of what was added. Weights
// 5:3:1 yield a b a c a b a b a — spread out, unlike a naive aaaaabbbc. Skipped peers
// (down, tried, unhealthy, failed, busy) add nothing, which keeps the sequence of the
// others identical to nginx's when some servers are out.
//
// Cost: nginx's loop is O(n) per pick. When a pass finds the pool steady — every server
// eligible and at full weight — and nothing changes before the next pick (the pool's
// signal epoch), picks switch to steady-round-robin.ts: O(k + log n) for k distinct
// weights, the same sequence. Any change, or a retry, writes the weights back and the
// loop takes over again. No allocation per pick in either mode.
import { isAvailable } from '../eligibility.ts';
import type { PoolSignal } from '../server-state.ts';
import { roundRobinShare } from '../slow-start.ts';
import type { PeerState, SelectionContext, SelectionPolicy } from '../types.ts';
import { MAX_WEIGHT_CLASSES, SteadyRoundRobin } from './steady-round-robin.ts';

/** Below this many peers the plain loop is as fast as the steady structure. */
export const STEADY_MIN_PEERS = 16;

export interface RoundRobinOptions {
  /** Enables the steady mode; without it every pick runs nginx's loop (hash fallbacks, tests). */
  signal?: PoolSignal;
  steadyMinPeers?: number;
}

export function createRoundRobin(peers: readonly PeerState[], options: RoundRobinOptions = {}): SelectionPolicy {
  const signal = options.signal;
  const live = peers.filter((p) => !p.down); // `down` is static: the steady set never holds those
  const steadyCapable =
    signal !== undefined &&
    live.length >= (options.steadyMinPeers ?? STEADY_MIN_PEERS) &&
    new Set(live.map((p) => p.weight)).size <= MAX_WEIGHT_CLASSES;
  let steady: SteadyRoundRobin | null = null;
  let steadyEpoch = -1;
  /** Epoch at the end of the last loop pass that found the pool steady; -1 when it did not. */
  let cleanEpoch = -1;

  const loop = (tried: ReadonlySet<string>, now: number): PeerState | null => {
    const checkTried = tried.size !== 0;
    let clean = !checkTried;
    let best: PeerState | null = null;
    let total = 0;
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i]!;
      if (peer.down) continue;
      if ((checkTried && tried.has(peer.address)) || !isAvailable(peer, now)) {
        clean = false;
        continue;
      }
      const share = peer.slowStartMs === 0 ? peer.effectiveWeight : roundRobinShare(peer, now);
      // Not steady: a reduced or ramping weight, or a server past max_fails whose window
      // ran out — picking it restarts the window, a change no epoch bump announces.
      if (share !== peer.weight || (peer.maxFails !== 0 && peer.state.fails >= peer.maxFails)) clean = false;
      peer.currentWeight += share;
      total += share;
      if (peer.effectiveWeight < peer.weight) peer.effectiveWeight++;
      if (best === null || peer.currentWeight > best.currentWeight) best = peer;
    }
    if (best !== null) best.currentWeight -= total;
    cleanEpoch = clean && best !== null && steadyCapable ? signal.epoch : -1;
    return best;
  };

  return {
    select(_ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null {
      if (steadyCapable && tried.size === 0) {
        if (steady === null && cleanEpoch !== -1 && cleanEpoch === signal.epoch) {
          // Nothing changed since a pass found every server eligible at full weight
          // (not even the last pick reaching max_conns): enter the steady mode.
          steady = SteadyRoundRobin.build(live);
          steadyEpoch = signal.epoch;
          cleanEpoch = -1;
        }
        if (steady !== null && steadyEpoch === signal.epoch && !steady.needsRebase) {
          const peer = steady.peek();
          // Cannot fail while every change bumps the epoch; kept so a missed bump costs
          // exactness for a moment, never a pick of an unavailable server.
          if (isAvailable(peer, now)) {
            steady.commit();
            return peer;
          }
        }
      }
      if (steady !== null) {
        steady.materialize();
        steady = null;
      }
      return loop(tried, now);
    },
  };
}
