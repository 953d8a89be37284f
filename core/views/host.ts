// A host as the API returns it and the host editor reads it.
import { hostFromRow, type HostRow } from '../db/rows.ts';

export function serializeHost(row: HostRow) {
  const { id, ...rest } = hostFromRow(row);
  return { id, ...rest, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export type HostView = ReturnType<typeof serializeHost>;
