// Every piece of per-request state a data-plane worker holds, created in this one place:
// upstream server states (passive health, in-flight counts, max_conns, least_conn), the
// limit_req and limit_conn zones and the response cache zones.
//
// Upstream server state and the limit zones attach to the engine's shared memory
// (proxy-engine/shared/, handed over in workerData): every worker reads and writes the same
// buckets and counters, as nginx's workers share their memory zones; so do the response
// cache zones (one index in shared memory, one directory: proxy-engine/cache/shared-zone.ts).
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { RateZones } from '../middlewares/rate-limit/zones.ts';
import { ConnZones } from '../middlewares/conn-limit/zones.ts';
import { CacheZones } from '../cache/zones.ts';
import type { WorkerData } from './messages.ts';
import { attachSharedState, type SharedStateHandles } from '../shared/shared-state.ts';
import { RedisState } from '../redis/redis-state.ts';
import { redisMemoryZones, redisZoneWrappers } from '../redis/zones.ts';

export interface WorkerStateDeps {
  registry: ServerStateRegistry;
  rateZones: RateZones;
  connZones: ConnZones;
  cacheZones: CacheZones;
  /** PORTICO_REDIS_URL: this worker's own connection (the main thread warns about outages). */
  redis: RedisState | null;
}

export function createWorkerStateDeps(workerData: WorkerData): WorkerStateDeps {
  // Limit zones shared across instances: Redis-backed, over the workers' shared memory.
  const redis = workerData.redis ? new RedisState(workerData.redis) : null;
  const shared = workerData.sharedState ? attachSharedState(workerData.sharedState as SharedStateHandles, redis ? redisZoneWrappers(redis) : {}) : null;
  const local = redis && !shared ? redisMemoryZones(redis) : null;
  return {
    registry: shared?.registry ?? new ServerStateRegistry(),
    rateZones: shared?.rateZones ?? local?.rateZones ?? new RateZones(),
    connZones: shared?.connZones ?? local?.connZones ?? new ConnZones(),
    redis,
    // One index per zone in shared memory and one directory for the engine
    // (<dataDir>/cache/<zone>/, as with one worker), as nginx's workers share a keys_zone.
    // Without shared memory (tests of a lone worker), its own files apart: two indexes
    // over one directory would evict each other's files.
    cacheZones: shared ? new CacheZones(workerData.dataDir, shared.cacheIndexes) : new CacheZones(workerData.workerDir),
  };
}
