// nginx's generic `hash <key>` (ngx_http_upstream_hash_module.c), compatible with
// Cache::Memcached: each draw adds ((crc32([n] key) >> 16) & 0x7fff) to a running sum,
// where n is the draw number written in decimal and omitted on the first draw; the peer
// is the weight slice holding sum % total_weight. After 20 unlucky draws, or with an
// empty key, it falls back to round robin. `consistent` is ketama: consistent-hash.ts.
//
// Cost: one crc32 of the key and O(log n) per draw, usually one draw.
import { crc32 } from 'node:zlib';
import type { PeerState, SelectionContext, SelectionPolicy } from '../types.ts';
import { createRoundRobin } from './round-robin.ts';
import { FREE, judgeDraw, MAX_DRAWS, PICK, scanMark, WeightedWalk } from './weighted-walk.ts';

/** crc32 of each draw-number prefix; a walk can never exceed MAX_DRAWS plus one free draw per tried peer. */
const PREFIX_CRC: number[] = [];
function prefixCrc(draw: number): number {
  let crc = PREFIX_CRC[draw];
  if (crc === undefined) {
    crc = crc32(String(draw));
    PREFIX_CRC[draw] = crc;
  }
  return crc;
}

export function createHash(peers: readonly PeerState[], keyOf: (ctx: SelectionContext) => string): SelectionPolicy {
  const walk = new WeightedWalk(peers);
  const fallback = createRoundRobin(peers);
  return {
    select(ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null {
      const key = keyOf(ctx);
      if (key.length === 0) return fallback.select(ctx, tried, now);
      const mark = scanMark(tried);
      let sum = 0;
      let draws = 0;
      for (let draw = 0; ; draw++) {
        const crc = draw === 0 ? crc32(key) : crc32(key, prefixCrc(draw));
        sum += (crc >>> 16) & 0x7fff;
        const peer = walk.at(sum % walk.total);
        const verdict = judgeDraw(peer, tried, mark, now);
        if (verdict === PICK) return peer;
        if (verdict !== FREE && ++draws > MAX_DRAWS) return fallback.select(ctx, tried, now);
      }
    },
  };
}
