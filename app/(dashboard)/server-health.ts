// The upstream servers the engine considers unhealthy right now (failing their active
// check, or past max_fails), for the overview. Read from the engine's control API, pool by
// pool, as the pool editor's live status reads it.
import { engineRequest } from '@/app/_lib/engine-client.ts';

export interface SickServer {
  poolId: string;
  pool: string;
  address: string;
  status: 'unhealthy' | 'failed';
  detail: string | null;
}

interface PoolHealth {
  name: string;
  servers: { address: string; status: string; lastCheck: { error: string | null; status: number | null } | null }[];
}

/** null when the engine could not be asked. At most `limit` pools are asked (the overview stays fast). */
export async function unhealthyServers(pools: { id: string }[], limit = 50): Promise<SickServer[] | null> {
  const answers = await Promise.all(
    pools.slice(0, limit).map(async (p) => {
      const res = await engineRequest('GET', `/pools/${encodeURIComponent(p.id)}/health`, undefined, 1500);
      return res?.ok ? { id: p.id, health: (await res.json()) as PoolHealth } : res === null ? null : { id: p.id, health: null };
    }),
  );
  if (answers.length > 0 && answers.every((a) => a === null)) return null;
  return answers.flatMap((a) =>
    (a?.health?.servers ?? [])
      .filter((s) => s.status === 'unhealthy' || s.status === 'failed')
      .map((s) => ({ poolId: a!.id, pool: a!.health!.name, address: s.address, status: s.status as SickServer['status'], detail: s.lastCheck ? (s.lastCheck.error ?? (s.lastCheck.status ? `health check answered ${s.lastCheck.status}` : null)) : null })),
  );
}
