// Cache purges reaching every instance: a purge accepted by one instance's control API is
// published on a channel; every other instance's subscriber applies it to its own cache.
// A purge sent while Redis is down reaches only the instance that took it (its answer
// says so: `instances: "this one only"`), as nothing queues it for later.
import crypto from 'node:crypto';
import { RedisClient } from '../../core/redis/client.ts';
import type { RedisState } from './redis-state.ts';
import type { RedisSettings } from './settings.ts';

export interface PurgeBus {
  /** Tells the other instances; false when Redis could not be told. */
  publish(body: unknown): Promise<boolean>;
  close(): void;
}

export function startPurgeBus(settings: RedisSettings, state: RedisState, apply: (body: unknown) => Promise<unknown> | unknown, onError: (message: string) => void): PurgeBus {
  // Channels are server-wide, not per database: the database number keeps two
  // installations on one server (…/1, …/2) apart.
  const channel = `${state.prefix}cache-purge:${settings.address.db}`;
  // Messages this instance sent come back to its own subscriber: it knows them by origin.
  const origin = crypto.randomBytes(8).toString('hex');
  const subscriber = new RedisClient(settings.address, {
    subscribe: [channel],
    onMessage: (_channel, message) => {
      let parsed: { origin?: string; body?: unknown };
      try {
        parsed = JSON.parse(message) as typeof parsed;
      } catch {
        return;
      }
      if (parsed.origin === origin) return;
      Promise.resolve()
        .then(() => apply(parsed.body))
        .catch((error: unknown) => onError(`cache purge from another instance failed: ${(error as Error).message}`));
    },
  });
  return {
    async publish(body) {
      try {
        await state.client.command(['PUBLISH', channel, JSON.stringify({ origin, body })]);
        return true;
      } catch {
        return false;
      }
    },
    close: () => subscriber.close(),
  };
}
