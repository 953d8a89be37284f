// The content phase around a location's action, as nginx orders its filters: the cache
// sits next to the upstream (it stores the upstream's answer and replays it), and
// compression sits outside it (a hit is compressed per client, like a fresh answer).
// A location with neither gets its action back unchanged: no sink, no extra call.
import type { Policies } from '../../core/config/policies.ts';
import { createCompressionStage } from '../middlewares/compression/create-compression.ts';
import type { Stage } from '../runtime/types.ts';
import type { CompiledLocation } from '../runtime/types.ts';
import { createCacheStage } from './create-cache.ts';
import type { CacheZoneLookup } from './policy.ts';

export interface ContentDeps {
  cacheZones: CacheZoneLookup;
}

export function createContentMiddlewares(policies: Policies, location: CompiledLocation, next: Stage, deps: ContentDeps): Stage {
  const cached = createCacheStage(policies.cache, location, next, deps.cacheZones);
  return createCompressionStage(policies.compression, location, cached);
}
