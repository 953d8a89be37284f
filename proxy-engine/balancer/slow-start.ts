// slow_start (an NGINX Plus parameter): after a server comes back — its active check
// turns healthy again, or a request succeeds after a passive failure window — its weight
// climbs linearly from 0 to the configured weight over slowStartMs. As in NGINX Plus it
// applies to round robin and least_conn only (pool-runtime.ts zeroes slowStartMs for
// hash, ip_hash and random, and for a single-server pool).
import type { PeerState } from './types.ts';

/** The fraction of its weight a peer has now: 1 outside a ramp. */
export function slowStartFactor(peer: PeerState, now: number): number {
  if (peer.slowStartMs === 0) return 1;
  const elapsed = now - peer.state.recoveredAt;
  if (elapsed >= peer.slowStartMs) return 1;
  return elapsed <= 0 ? 0 : elapsed / peer.slowStartMs;
}

/** What smooth round robin adds to a peer's current weight on this pick. */
export function roundRobinShare(peer: PeerState, now: number): number {
  if (peer.slowStartMs === 0) return peer.effectiveWeight;
  const factor = slowStartFactor(peer, now);
  return factor === 1 ? peer.effectiveWeight : Math.min(peer.effectiveWeight, peer.weight * factor);
}

/** The weight least_conn divides connections by. */
export function connectionWeight(peer: PeerState, now: number): number {
  return peer.slowStartMs === 0 ? peer.weight : peer.weight * slowStartFactor(peer, now);
}
