// A pool as the API returns it and the pool editor reads it.
import { poolFromRow, type PoolRow } from '../db/rows.ts';

export function serializePool(row: PoolRow & { _count?: { locations: number } }) {
  const { id, ...rest } = poolFromRow(row);
  return { id, ...rest, usedBy: row._count?.locations ?? undefined, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export type PoolView = ReturnType<typeof serializePool>;

/** A location that sends to a pool: where to go to point it elsewhere. */
export interface PoolUser {
  hostId: string;
  /** The host's first server name. */
  host: string;
  locationId: string;
  path: string;
}
