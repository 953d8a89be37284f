import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { allows } from '@/core/auth/principal.ts';
import { listHosts } from '@/core/db/host.ts';
import { listCacheZones, listLimitZones } from '@/app/_lib/queries/zone.ts';
import { ZonesClient } from '@/components/settings/zones-client.tsx';

export const metadata: Metadata = { title: 'Zones' };

interface ZoneRefs {
  cache?: { zone?: string };
  rateLimits?: { zone: string }[];
  connLimits?: { zone: string }[];
}

export default async function ZonesPage() {
  const user = await requirePageUser();
  const db = await getDb();
  const [cacheZones, limitZones, hosts] = await Promise.all([listCacheZones(db), listLimitZones(db), listHosts(db)]);
  // How many host and location policies name each zone (a zone in use cannot be deleted).
  const usage: Record<string, number> = {};
  const count = (policies: unknown) => {
    const p = (policies ?? {}) as ZoneRefs;
    const names = new Set([p.cache?.zone, ...(p.rateLimits ?? []).map((r) => r.zone), ...(p.connLimits ?? []).map((r) => r.zone)].filter((n): n is string => Boolean(n)));
    for (const name of names) usage[name] = (usage[name] ?? 0) + 1;
  };
  for (const h of hosts) {
    count(h.policies);
    for (const l of h.locations) count(l.policies);
  }
  return <ZonesClient cacheZones={cacheZones} limitZones={limitZones} usage={usage} canWrite={allows(user.scope, 'write')} />;
}
