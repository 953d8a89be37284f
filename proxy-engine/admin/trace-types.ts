// What the tracer needs from the engine besides the runtime.
import type { ServerStateRegistry } from '../balancer/server-state.ts';
import type { RateZones } from '../middlewares/rate-limit/zones.ts';

export interface TraceDeps {
  ports: { http: number; https: number };
  registry: ServerStateRegistry;
  rateZones: RateZones;
}
