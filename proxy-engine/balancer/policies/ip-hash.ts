// nginx's ip_hash: hash = (hash * 113 + byte) % 6271 over the client address bytes
// (three IPv4 octets, or sixteen IPv6 bytes), starting from 89; the peer is the weight
// slice holding hash % total_weight. An unavailable peer makes it run the bytes through
// the hash again from where it stopped; after 20 draws it falls back to round robin.
//
// Cost: O(bytes + log n) per draw, usually one draw; no allocation.
import { ipHashBytes } from '../ip-bytes.ts';
import type { PeerState, SelectionContext, SelectionPolicy } from '../types.ts';
import { createRoundRobin } from './round-robin.ts';
import { FREE, judgeDraw, MAX_DRAWS, PICK, scanMark, WeightedWalk } from './weighted-walk.ts';

export function createIpHash(peers: readonly PeerState[]): SelectionPolicy {
  const walk = new WeightedWalk(peers);
  const fallback = createRoundRobin(peers);
  const bytes = new Uint8Array(16);
  return {
    select(ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null {
      let length = ipHashBytes(ctx.clientIp, bytes);
      if (length === 0) {
        bytes.fill(0, 0, 3); // nginx's pseudo address for non-IP clients (unix sockets)
        length = 3;
      }
      const mark = scanMark(tried);
      let hash = 89;
      let draws = 0;
      for (;;) {
        for (let i = 0; i < length; i++) hash = (hash * 113 + bytes[i]!) % 6271;
        const peer = walk.at(hash % walk.total);
        const verdict = judgeDraw(peer, tried, mark, now);
        if (verdict === PICK) return peer;
        if (verdict !== FREE && ++draws > MAX_DRAWS) return fallback.select(ctx, tried, now);
      }
    },
  };
}
