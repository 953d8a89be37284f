// PORTICO_TEST_SHARED_STATE=1 runs engine, conformance and balancer tests on the shared
// memory the engine's workers use (proxy-engine/shared/): limit zones and upstream server
// state in a SharedArrayBuffer instead of plain objects, to show they behave the same.
import { createSharedState, type SharedStateHandles } from '../../proxy-engine/shared/shared-state.ts';

export function sharedStateRequested(): boolean {
  return process.env.PORTICO_TEST_SHARED_STATE === '1';
}

/** startEngine's options: shared memory of 512 MiB (reserved, touched only as used) when requested, none otherwise. */
export function testSharedState(): { shared?: SharedStateHandles } {
  return sharedStateRequested() ? { shared: createSharedState({ bytes: 512 << 20 }) } : {};
}
