// Reads hosts and pools with their children as flat queries grouped in memory. Prisma's
// `include` binds one parameter per parent row, and SQLite refuses statements with more
// than 999: with `include`, a configuration of a thousand hosts could not be read at all.
import type { Prisma } from './generated/client.ts';
import type { HostRow, PoolRow } from './rows.ts';

type Reader = Pick<Prisma.TransactionClient, 'host' | 'hostName' | 'location' | 'pool' | 'server'>;

const byCreation = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** The five queries, for use inside one batch transaction; group the results with the functions below. */
export function configQueries(db: Reader) {
  return [
    db.host.findMany({ orderBy: byCreation }),
    db.hostName.findMany({ orderBy: { position: 'asc' } }),
    db.location.findMany({ orderBy: { position: 'asc' } }),
    db.pool.findMany({ orderBy: byCreation }),
    db.server.findMany({ orderBy: { position: 'asc' } }),
  ] as const;
}

function groupBy<T, K extends keyof T>(rows: T[], key: K): Map<T[K], T[]> {
  const groups = new Map<T[K], T[]>();
  for (const row of rows) {
    const list = groups.get(row[key]);
    if (list) list.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}

export function groupHosts(
  hosts: Prisma.HostGetPayload<object>[],
  names: Prisma.HostNameGetPayload<object>[],
  locations: Prisma.LocationGetPayload<object>[],
): HostRow[] {
  const namesOf = groupBy(names, 'hostId');
  const locationsOf = groupBy(locations, 'hostId');
  return hosts.map((h) => ({ ...h, serverNames: namesOf.get(h.id) ?? [], locations: locationsOf.get(h.id) ?? [] }));
}

export function groupPools(pools: Prisma.PoolGetPayload<object>[], servers: Prisma.ServerGetPayload<object>[]): PoolRow[] {
  const serversOf = groupBy(servers, 'poolId');
  return pools.map((p) => ({ ...p, servers: serversOf.get(p.id) ?? [] }));
}

/** Every host and pool with their children. */
export async function readHostsAndPools(db: Reader): Promise<{ hosts: HostRow[]; pools: PoolRow[] }> {
  const [hosts, names, locations, pools, servers] = await Promise.all(configQueries(db));
  return { hosts: groupHosts(hosts, names, locations), pools: groupPools(pools, servers) };
}
