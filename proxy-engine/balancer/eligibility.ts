// Whether a peer may take this attempt. Every policy applies the same rules, in nginx's
// order: not `down`, not already tried by this request, not failed by the active check,
// not inside a passive failure window, not at max_conns.
import { passivelyBlocked } from './passive-health.ts';
import type { PeerState } from './types.ts';

/** Available to any request (ignores what this request already tried). */
export function isAvailable(peer: PeerState, now: number): boolean {
  if (peer.down || peer.state.health === 'unhealthy') return false;
  if (passivelyBlocked(peer, now)) return false;
  return peer.maxConns === 0 || peer.state.inFlight < peer.maxConns;
}

export function isSelectable(peer: PeerState, tried: ReadonlySet<string>, now: number): boolean {
  if (tried.size !== 0 && tried.has(peer.address)) return false;
  return isAvailable(peer, now);
}

/** Available except for max_conns: tells "all busy" (queue, then 502) from "no live upstreams" (502). */
export function isOnlyBusy(peer: PeerState, tried: ReadonlySet<string>, now: number, passive: boolean): boolean {
  if (peer.down || peer.state.health === 'unhealthy' || peer.maxConns === 0) return false;
  if (tried.size !== 0 && tried.has(peer.address)) return false;
  if (passive && passivelyBlocked(peer, now)) return false;
  return peer.state.inFlight >= peer.maxConns;
}
