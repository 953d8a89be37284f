// Every piece of per-request state a data-plane worker holds, created in this one place:
// upstream server states (passive health, in-flight counts, max_conns, least_conn), the
// limit_req and limit_conn zones and the response cache zones.
//
// Today each worker creates its own (local to the thread): a limit of 10 r/s is 10 r/s
// per worker, max_fails counts per worker, and a fill on one worker is a miss on another.
// The shared-state half of issue #18 replaces this function with one that attaches to
// zones in shared memory (proxy-engine/shared/shared-state.ts, attachSharedState), so
// every worker reads and writes the same buckets, counters and cache index, as nginx's
// workers share their memory zones. Nothing else in the worker needs to change for it.
import { ServerStateRegistry } from '../balancer/server-state.ts';
import { RateZones } from '../middlewares/rate-limit/zones.ts';
import { ConnZones } from '../middlewares/conn-limit/zones.ts';
import { CacheZones } from '../cache/zones.ts';
import type { WorkerData } from './messages.ts';

export interface WorkerStateDeps {
  registry: ServerStateRegistry;
  rateZones: RateZones;
  connZones: ConnZones;
  cacheZones: CacheZones;
}

export function createWorkerStateDeps(workerData: WorkerData): WorkerStateDeps {
  return {
    registry: new ServerStateRegistry(),
    rateZones: new RateZones(),
    connZones: new ConnZones(),
    // Per worker, its files apart (<dataDir>/workers/<id>/cache/<zone>/): two indexes
    // over one directory would evict each other's files.
    cacheZones: new CacheZones(workerData.workerDir),
  };
}
