// The upstream servers the engine considers unhealthy right now (failing their active
// check, or past max_fails), for the overview, from the engine's pool health.
import { engine } from '@/app/_lib/engine-client.ts';

export interface SickServer {
  poolId: string;
  pool: string;
  address: string;
  status: 'unhealthy' | 'failed';
  detail: string | null;
}

/** null when the engine could not be asked. At most `limit` pools are asked (the overview stays fast). */
export async function unhealthyServers(pools: { id: string }[], limit = 50): Promise<SickServer[] | null> {
  const health = await engine().poolsHealth(pools.slice(0, limit).map((p) => p.id));
  if (!health) return null;
  return [...health.values()].flatMap((pool) =>
    (pool?.servers ?? [])
      .filter((s) => s.status === 'unhealthy' || s.status === 'failed')
      .map((s) => ({ poolId: pool!.poolId, pool: pool!.name, address: s.address, status: s.status as SickServer['status'], detail: s.lastCheck ? (s.lastCheck.error ?? (s.lastCheck.status ? `health check answered ${s.lastCheck.status}` : null)) : null })),
  );
}
