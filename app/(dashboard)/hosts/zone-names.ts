// The zone names a host's policies may refer to, for the editor's suggestions.
import type { Db } from '@/proxy-engine/db/client.ts';
import { listCacheZones, listLimitZones } from '@/app/_lib/queries/zone.ts';
import type { ZoneNames } from '@/components/policies/zones-context.tsx';

export async function zoneNames(db: Db): Promise<ZoneNames> {
  const [cache, limits] = await Promise.all([listCacheZones(db), listLimitZones(db)]);
  return {
    cache: cache.map((z) => z.name),
    request: limits.filter((z) => z.kind === 'REQUEST').map((z) => z.name),
    connection: limits.filter((z) => z.kind === 'CONNECTION').map((z) => z.name),
  };
}
