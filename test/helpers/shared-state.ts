// PORTICO_TEST_SHARED_STATE=1 runs engine, conformance and balancer tests on the shared
// memory the engine's workers use (proxy-engine/shared/): limit zones and upstream server
// state in a SharedArrayBuffer instead of plain objects, to show they behave the same.
import { ConnZones, type ConnZonesOptions } from '../../proxy-engine/middlewares/conn-limit/zones.ts';
import { RateZones, type RateZonesOptions } from '../../proxy-engine/middlewares/rate-limit/zones.ts';
import { attachSharedState, createSharedState, type SharedStateHandles } from '../../proxy-engine/shared/shared-state.ts';
import type { CacheIndexes } from '../../proxy-engine/shared/cache-indexes.ts';

export function sharedStateRequested(): boolean {
  return process.env.PORTICO_TEST_SHARED_STATE === '1';
}

/** startEngine's options: shared memory of 512 MiB (reserved, touched only as used) when requested, none otherwise. */
export function testSharedState(): { shared?: SharedStateHandles } {
  return sharedStateRequested() ? { shared: createSharedState({ bytes: 512 << 20 }) } : {};
}

/** Limit zones for the limiter tests: on shared memory when requested (unless the test brings its own store). */
export function testRateZones(options: RateZonesOptions = {}): RateZones {
  if (!sharedStateRequested() || options.createStore) return new RateZones(options);
  return attachSharedState(createSharedState({ bytes: 128 << 20, maxServers: 16 }), options.clock ? { clock: options.clock } : {}).rateZones;
}

export function testConnZones(options: ConnZonesOptions = {}): ConnZones {
  if (!sharedStateRequested() || options.createStore) return new ConnZones(options);
  return attachSharedState(createSharedState({ bytes: 128 << 20, maxServers: 16 })).connZones;
}

/** Cache zone indexes for the content engine: in shared memory when requested (proxy-engine/cache/shared-zone.ts), this thread's otherwise. */
export function testCacheIndexes(): CacheIndexes | null {
  if (!sharedStateRequested()) return null;
  return attachSharedState(createSharedState({ bytes: 128 << 20, maxServers: 16 })).cacheIndexes;
}
