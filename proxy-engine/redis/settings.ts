// What a thread needs to reach the shared state: plain data, so it travels in workerData.
import { parseRedisUrl, type RedisAddress } from '../../core/redis/url.ts';
import type { RedisFailureMode } from './redis-state.ts';

export interface RedisSettings {
  address: RedisAddress;
  failure: RedisFailureMode;
}

/** null when PORTICO_REDIS_URL is unset (state local to the instance). readEnv has validated it. */
export function redisSettingsFromEnv(env: { PORTICO_REDIS_URL?: string | undefined; PORTICO_REDIS_FAILURE?: RedisFailureMode | undefined }): RedisSettings | null {
  if (!env.PORTICO_REDIS_URL) return null;
  const address = parseRedisUrl(env.PORTICO_REDIS_URL);
  if (typeof address === 'string') throw new Error(`PORTICO_REDIS_URL: ${address}`);
  return { address, failure: env.PORTICO_REDIS_FAILURE ?? 'open' };
}
