// Per-zone counters of $upstream_cache_status and the summary the control API shows.

export type CacheStatusName = 'HIT' | 'MISS' | 'EXPIRED' | 'STALE' | 'UPDATING' | 'REVALIDATED' | 'BYPASS';

const SERVED_FROM_CACHE = new Set<string>(['HIT', 'STALE', 'UPDATING', 'REVALIDATED']);

export interface ZoneSummary {
  name: string;
  entries: number;
  bytes: number;
  maxSizeBytes: number;
  memoryBytes: number;
  statuses: Record<CacheStatusName, number>;
  /** Requests answered from the cache (HIT, STALE, UPDATING, REVALIDATED) over all lookups (BYPASS is none). */
  hitRatio: number;
}

export class StatusCounts {
  readonly #counts: Record<CacheStatusName, number> = { HIT: 0, MISS: 0, EXPIRED: 0, STALE: 0, UPDATING: 0, REVALIDATED: 0, BYPASS: 0 };

  record(status: string): void {
    if (status in this.#counts) this.#counts[status as CacheStatusName]++;
  }

  snapshot(): { statuses: Record<CacheStatusName, number>; hitRatio: number } {
    return statusSnapshot(this.#counts);
  }
}

/** Counts and the hit ratio they give (also of a shared zone's counters, shared-zone.ts). */
export function statusSnapshot(counts: Record<CacheStatusName, number>): { statuses: Record<CacheStatusName, number>; hitRatio: number } {
  let lookups = 0;
  let served = 0;
  for (const [status, count] of Object.entries(counts)) {
    if (status === 'BYPASS') continue;
    lookups += count;
    if (SERVED_FROM_CACHE.has(status)) served += count;
  }
  return { statuses: { ...counts }, hitRatio: lookups === 0 ? 0 : served / lookups };
}
