// The limit zones of one thread when PORTICO_REDIS_URL is set: Redis-backed stores over
// the zones this instance would keep alone (memory with one worker, shared memory with
// several), which stay the fallback while Redis is unreachable.
import { ConnZones } from '../middlewares/conn-limit/zones.ts';
import { MemoryConnStore } from '../middlewares/conn-limit/store.ts';
import { RateZones } from '../middlewares/rate-limit/zones.ts';
import { MemoryLimiterStore } from '../middlewares/rate-limit/store.ts';
import type { BucketState } from '../middlewares/rate-limit/leaky-bucket.ts';
import type { AttachOptions } from '../shared/shared-state.ts';
import { RedisConnStore, RedisRateStore, redisRateBackend } from './limit-stores.ts';
import type { RedisState } from './redis-state.ts';

/** For attachSharedState: every shared-memory zone wrapped in its Redis-backed store. */
export function redisZoneWrappers(state: RedisState): Pick<AttachOptions, 'wrapRateStore' | 'wrapConnStore'> {
  const backend = redisRateBackend(state);
  return {
    wrapRateStore: (config, local) => new RedisRateStore(state, backend, config, local),
    wrapConnStore: (config, local) => new RedisConnStore(state, config, local),
  };
}

/** One worker (no shared memory): Redis-backed zones over in-memory ones. */
export function redisMemoryZones(state: RedisState): { rateZones: RateZones; connZones: ConnZones } {
  const backend = redisRateBackend(state);
  return {
    rateZones: new RateZones({
      createStore: (config, isExpired) => new RedisRateStore(state, backend, config, new MemoryLimiterStore<BucketState>({ maxEntries: config.maxEntries, isExpired })),
    }),
    connZones: new ConnZones({
      createStore: (config) => new RedisConnStore(state, config, new MemoryConnStore({ maxEntries: config.maxEntries })),
    }),
  };
}
