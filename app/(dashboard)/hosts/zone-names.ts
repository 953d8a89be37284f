// The zones a host's policies may refer to, described, for the editor's zone pickers.
import type { Db } from '@/core/db/client.ts';
import { listCacheZones, listLimitZones } from '@/app/_lib/queries/zone.ts';
import { describeCacheZone, describeLimitZone } from '@/components/policies/zone-words.ts';
import type { ZoneNames } from '@/components/policies/zones-context.tsx';

export async function zoneNames(db: Db): Promise<ZoneNames> {
  const [cache, limits] = await Promise.all([listCacheZones(db), listLimitZones(db)]);
  const limit = (kind: 'REQUEST' | 'CONNECTION') => limits.filter((z) => z.kind === kind).map((z) => ({ name: z.name, detail: describeLimitZone(z) }));
  return {
    cache: cache.map((z) => ({ name: z.name, detail: describeCacheZone(z) })),
    request: limit('REQUEST'),
    connection: limit('CONNECTION'),
  };
}
