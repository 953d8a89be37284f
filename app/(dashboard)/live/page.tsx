import type { Metadata } from 'next';
import { getDb } from '@/app/_lib/db.ts';
import { engine } from '@/app/_lib/engine-client.ts';
import { requirePageUser } from '@/app/_lib/auth/page-session.ts';
import { listHosts } from '@/core/db/host.ts';
import { listPools } from '@/app/_lib/queries/pool.ts';
import { curlHint } from '@/app/(dashboard)/proxy-port.ts';
import { LiveClient, type LiveHost } from '@/components/live/live-client.tsx';
import { primaryServerName } from '@/core/config/primary-name.ts';

export const metadata: Metadata = { title: 'Live traffic' };

export default async function LivePage() {
  await requirePageUser();
  const db = await getDb();
  const [hosts, pools, status] = await Promise.all([listHosts(db), listPools(db), engine().status()]);
  const poolServers = new Map(pools.map((p) => [p.id, p.servers.map((s) => s.address)]));
  // Which upstream servers each host sends to, so the host filter narrows the per-server charts too.
  const liveHosts: LiveHost[] = hosts.map((h) => ({
    key: primaryServerName(h.serverNames),
    names: h.serverNames,
    upstreams: [
      ...new Set(
        h.locations.flatMap((l) => {
          if (l.action.kind !== 'proxy') return [];
          if (l.action.poolId) return poolServers.get(l.action.poolId) ?? [];
          return l.action.address ? [l.action.address] : [];
        }),
      ),
    ],
  }));
  const first = hosts[0] ? primaryServerName(hosts[0].serverNames) : undefined;
  return <LiveClient hosts={liveHosts} engineRunning={status !== null} curlHint={curlHint(first)} />;
}
