// Cache zone indexes carved from the engine's shared memory, one per zone name for every
// thread (engine workers and the main thread, which purges and sums them up). A zone's
// identity is its name only: every thread must find the same index, including a worker
// restarted after a reload changed the zone's keys_zone size (that size applies when the
// index is next created, at an engine restart or once no thread holds the zone).
//
// The threads' fill locks live in the index (a key's filler), not in the lock word that
// the pool frees for a dead thread, so releaseSharedThread asks every index attached in
// the thread that owns the workers (the main thread) to let a dead worker's fills go.
import type { CacheZoneConfig } from '../../core/config/zones.ts';
import { SharedCacheIndex } from './cache-index.ts';
import type { SharedPool, Segment } from './pool.ts';

export interface AttachedCacheIndex {
  index: SharedCacheIndex;
  /** This thread created it: the zone's directory has no fill in progress (temp files are left-overs). */
  fresh: boolean;
  /** Drops this thread's hold; the memory goes back to the pool once no thread holds it. */
  close(): void;
}

export interface CacheIndexes {
  attach(config: CacheZoneConfig): AttachedCacheIndex;
}

/** The indexes this thread attached, by shared buffer (releaseCacheFills walks them). */
const attachedHere = new Map<SharedArrayBuffer, Set<SharedCacheIndex>>();

export function cacheIndexes(pool: SharedPool): CacheIndexes {
  const buffer = pool.buffer;
  return {
    attach(config) {
      let index: SharedCacheIndex | undefined;
      const segment: Segment = pool.acquire(`cache|${config.name}`, SharedCacheIndex.bytesFor(config.maxEntries), (s) => {
        index = new SharedCacheIndex(buffer as SharedArrayBuffer, s.byteOffset, config.maxEntries, true);
      });
      const fresh = index !== undefined;
      index ??= new SharedCacheIndex(buffer as SharedArrayBuffer, segment.byteOffset, config.maxEntries, false);
      const attached = index;
      let set = attachedHere.get(buffer as SharedArrayBuffer);
      if (!set) attachedHere.set(buffer as SharedArrayBuffer, (set = new Set()));
      set.add(attached);
      let closed = false;
      return {
        index: attached,
        fresh,
        close: () => {
          if (closed) return;
          closed = true;
          set.delete(attached);
          pool.release(segment);
        },
      };
    },
  };
}

/** A thread of this buffer died: its unfinished fills are nobody's, their keys fillable again. */
export function releaseCacheFills(buffer: SharedArrayBuffer, owner: number): number {
  let freed = 0;
  for (const index of attachedHere.get(buffer) ?? []) freed += index.releaseFills(owner);
  return freed;
}
