// The live statistics of every instance on one Redis channel: each engine publishes its
// one-second snapshot there (proxy-engine/redis/stats-bus.ts) and every dashboard merges the
// newest second of each node into its stream (app/_lib/live/cluster-stream.ts). The message
// is the node's name and the snapshot's JSON exactly as its own SSE stream sends it.
import type { StatsSnapshot } from '../contract/stats.ts';
import { DEFAULT_KEY_PREFIX } from './key-prefix.ts';

/** Channels are server-wide: the database number keeps two installations on one server apart. */
export function statsChannel(db: number, prefix = DEFAULT_KEY_PREFIX): string {
  return `${prefix}stats:${db}`;
}

/** Written by string concatenation: the snapshot's JSON is not parsed and serialised again. */
export function encodeNodeSecond(node: string, snapshotJson: string): string {
  return `{"node":${JSON.stringify(node)},"snapshot":${snapshotJson}}`;
}

export interface NodeSecond {
  node: string;
  snapshot: StatsSnapshot;
}

/** null for anything that is not a node's second (another version's message, noise). */
export function decodeNodeSecond(message: string): NodeSecond | null {
  let parsed: { node?: unknown; snapshot?: unknown };
  try {
    parsed = JSON.parse(message) as typeof parsed;
  } catch {
    return null;
  }
  const snapshot = parsed.snapshot as Partial<StatsSnapshot> | undefined;
  if (typeof parsed.node !== 'string' || !snapshot || typeof snapshot !== 'object' || typeof snapshot.t !== 'number' || !snapshot.total || typeof snapshot.hosts !== 'object') return null;
  return { node: parsed.node, snapshot: { upstreams: {}, ...snapshot } as StatsSnapshot };
}
