// New configuration revisions reaching every engine at once: an engine that has applied a
// revision (after the dashboard next to it pinged POST /reload, or after its own poll)
// announces it on a channel; every other engine subscribed checks the database at once
// instead of waiting for its next poll. The poll stays: a lost announcement (Redis down, an
// engine reconnecting) costs at most one poll interval, never a revision.
import crypto from 'node:crypto';
import { RedisClient } from '../../core/redis/client.ts';
import { revisionChannel, revisionMessage } from '../../core/redis/revision-channel.ts';
import type { RedisState } from './redis-state.ts';
import type { RedisSettings } from './settings.ts';

export interface RevisionBus {
  /** Tells the other engines that `revision` is applied here; false when Redis could not be told. */
  announce(revision: number): Promise<boolean>;
  close(): void;
}

export function startRevisionBus(settings: RedisSettings, state: RedisState, onRevision: (revision: number) => void): RevisionBus {
  const channel = revisionChannel(state.prefix, settings.address.db);
  // This engine's own announcements come back to its subscriber: it knows them by origin.
  const origin = crypto.randomBytes(8).toString('hex');
  const subscriber = new RedisClient(settings.address, {
    subscribe: [channel],
    onMessage: (_channel, message) => {
      let parsed: { origin?: unknown; revision?: unknown };
      try {
        parsed = JSON.parse(message) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.origin === origin || typeof parsed.revision !== 'number' || !Number.isSafeInteger(parsed.revision)) return;
      onRevision(parsed.revision);
    },
  });
  return {
    async announce(revision) {
      try {
        await state.client.command(['PUBLISH', channel, revisionMessage(origin, revision)]);
        return true;
      } catch {
        return false;
      }
    },
    close: () => subscriber.close(),
  };
}
