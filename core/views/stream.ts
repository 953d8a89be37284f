// A stream as the API returns it and the stream editor reads it.
import type { Stream as StreamRow } from '../db/generated/client.ts';
import { streamFromRow } from '../db/rows.ts';

export function serializeStream(row: StreamRow & { pool?: { name: string } | null }) {
  return { ...streamFromRow(row), poolName: row.pool?.name ?? null, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

export type StreamView = ReturnType<typeof serializeStream>;

/** The fields a PUT or PATCH takes, from a view. */
export function streamInputOf(view: StreamView): Record<string, unknown> {
  const { id: _id, createdAt: _c, updatedAt: _u, poolName: _p, ...input } = view;
  return input;
}
