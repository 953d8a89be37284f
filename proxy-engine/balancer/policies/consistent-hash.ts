// nginx's `hash <key> consistent` (ketama, compatible with Cache::Memcached::Fast).
// Each server owns weight * 160 points on a 32-bit ring: point j is
// crc32(host "\0" port prev), prev being point j-1's value as 4 little-endian bytes
// (0 for the first), host and port split from the server address as written (after the
// last ':' when only digits follow; "unix:/path" is host "/path" with no port). A key
// maps to the first point >= crc32(key); an unavailable owner moves it to the next
// point, 20 times at most, then round robin takes over. Removing one of N servers only
// remaps the keys that server owned, about 1/N of them.
//
// Cost: O(log points) per pick, no allocation; building the ring is O(points log points)
// at compile time and 8 bytes per point.
import { crc32 } from 'node:zlib';
import { isSelectable } from '../eligibility.ts';
import type { PeerState, SelectionContext, SelectionPolicy } from '../types.ts';
import { createRoundRobin } from './round-robin.ts';
import { MAX_DRAWS } from './weighted-walk.ts';

export const POINTS_PER_WEIGHT = 160;
/** 4M points (32 MB): a total weight of 26,214. nginx would allocate more; a pool that big is a config error here. */
export const MAX_POINTS = 1 << 22;

interface Ring {
  hashes: Uint32Array;
  owners: Uint32Array;
}

export function createConsistentHash(peers: readonly PeerState[], keyOf: (ctx: SelectionContext) => string): SelectionPolicy {
  const ring = buildRing(peers);
  const fallback = createRoundRobin(peers);
  return {
    select(ctx: SelectionContext, tried: ReadonlySet<string>, now: number): PeerState | null {
      const key = keyOf(ctx);
      if (key.length === 0) return fallback.select(ctx, tried, now);
      const count = ring.hashes.length;
      let point = firstPointAtOrAfter(ring.hashes, crc32(key));
      for (let draws = 0; ; ) {
        const peer = peers[ring.owners[point % count]!]!;
        if (isSelectable(peer, tried, now)) {
          // nginx runs round robin among a server name's addresses here; with one
          // address the only lasting effect is the effective-weight recovery.
          if (peer.effectiveWeight < peer.weight) peer.effectiveWeight++;
          return peer;
        }
        point++;
        if (++draws > MAX_DRAWS) return fallback.select(ctx, tried, now);
      }
    },
  };
}

/** Splits a server address as nginx does for ketama. */
export function ketamaHostPort(address: string): { host: string; port: string } {
  if (address.length >= 5 && address.slice(0, 5).toLowerCase() === 'unix:') return { host: address.slice(5), port: '' };
  for (let j = address.length - 1; j >= 0; j--) {
    const c = address.charCodeAt(j);
    if (c === 58) return { host: address.slice(0, j), port: address.slice(j + 1) };
    if (c < 48 || c > 57) break;
  }
  return { host: address, port: '' };
}

export function buildRing(peers: readonly PeerState[]): Ring {
  let total = 0;
  for (const peer of peers) total += peer.weight * POINTS_PER_WEIGHT;
  if (peers.length > 8192) throw new Error('consistent hashing supports at most 8192 servers');
  if (total > MAX_POINTS) {
    throw new Error(`consistent hashing needs ${total} ring points (total weight × 160); the limit is ${MAX_POINTS}`);
  }
  // hash * 8192 + owner is exact in a double (< 2^45) and sorts by hash, then by owner:
  // equal hashes keep the earlier server (nginx's qsort leaves that order unspecified).
  const packed = new Float64Array(total);
  const prev = new Uint8Array(4);
  const prevView = new DataView(prev.buffer);
  let n = 0;
  peers.forEach((peer, owner) => {
    const { host, port } = ketamaHostPort(peer.address);
    const base = crc32(`${host}\0${port}`);
    prevView.setUint32(0, 0, true);
    for (let j = 0; j < peer.weight * POINTS_PER_WEIGHT; j++) {
      const hash = crc32(prev, base);
      packed[n++] = hash * 8192 + owner;
      prevView.setUint32(0, hash, true);
    }
  });
  packed.sort();
  const hashes = new Uint32Array(total);
  const owners = new Uint32Array(total);
  let kept = 0;
  for (let i = 0; i < total; i++) {
    const value = packed[i]!;
    const hash = Math.floor(value / 8192);
    if (kept > 0 && hashes[kept - 1] === hash) continue;
    hashes[kept] = hash;
    owners[kept] = value - hash * 8192;
    kept++;
  }
  return { hashes: hashes.subarray(0, kept), owners: owners.subarray(0, kept) };
}

/** Index of the first point >= hash; may be the point count, which wraps to 0. */
export function firstPointAtOrAfter(hashes: Uint32Array, hash: number): number {
  let lo = 0;
  let hi = hashes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (hash > hashes[mid]!) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
