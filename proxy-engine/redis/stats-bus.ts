// This engine's one-second snapshots published for every dashboard (PORTICO_REDIS_URL): the
// dashboards merge all nodes' seconds into one live stream (app/_lib/live/cluster-stream.ts).
// The message is bounded: a second with more than MAX_MESSAGE_CHARS of JSON (thousands of
// busy hosts) is cut to its busiest hosts and upstream servers; the total stays whole.
// Publishing is fire and forget: Redis down costs the other dashboards this node's seconds,
// never the engine anything.
import { encodeNodeSecond, statsChannel } from '../../core/redis/stats-channel.ts';
import type { StatsSnapshot } from '../../core/contract/stats.ts';
import type { RingEntry } from '../stats/ring.ts';
import type { RedisState } from './redis-state.ts';
import type { RedisSettings } from './settings.ts';

/** ≈ 900 busy hosts' figures: what a chart can show, far below Redis's message limits. */
export const MAX_MESSAGE_CHARS = 256 * 1024;
/** Hosts and servers kept in a cut second, busiest first. */
export const KEPT_WHEN_CUT = 200;

export interface StatsBus {
  /** Publishes the second (the aggregator's ring entry) when Redis is reachable. */
  publish(entry: RingEntry): void;
}

/** The snapshot's JSON, or a cut copy of it when it is larger than `maxChars`. */
export function boundedSnapshotJson(json: string, maxChars = MAX_MESSAGE_CHARS, keep = KEPT_WHEN_CUT): string {
  if (json.length <= maxChars) return json;
  const snapshot = JSON.parse(json) as StatsSnapshot;
  const busiest = <T extends { requests: number }>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort((a, b) => b[1].requests - a[1].requests).slice(0, keep));
  return JSON.stringify({ ...snapshot, hosts: busiest(snapshot.hosts), upstreams: busiest(snapshot.upstreams), cut: true });
}

export function startStatsBus(settings: RedisSettings, state: RedisState, node: string): StatsBus {
  const channel = statsChannel(settings.address.db, state.prefix);
  return {
    publish(entry) {
      if (!state.client.ready) return;
      state.client.command(['PUBLISH', channel, encodeNodeSecond(node, boundedSnapshotJson(entry.json))]).catch(() => undefined);
    },
  };
}
