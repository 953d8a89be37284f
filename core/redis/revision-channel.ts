// The Redis channel on which new configuration revisions are announced to every engine
// (proxy-engine/redis/revision-bus.ts subscribes; writers on SQLite publish: core/db/
// revision-announcements.ts). Channels are server-wide: the database number keeps two
// installations on one server apart, as the key prefix keeps their keys apart.
export function revisionChannel(prefix: string, db: number): string {
  return `${prefix}revision:${db}`;
}

/** One announcement: `origin` lets a subscriber skip its own. */
export function revisionMessage(origin: string, revision: number): string {
  return JSON.stringify({ origin, revision });
}
