// Database rows ↔ the shared configuration model. One mapping, used by the engine's
// loader and the dashboard's queries, so both read the same configuration.
import type { Prisma } from './generated/client.ts';
import type { HostInput } from '../config/host.ts';
import type { LocationInput } from '../config/location.ts';
import type { PoolInput } from '../config/pool.ts';

export const hostInclude = {
  serverNames: { orderBy: { position: 'asc' } },
  locations: { orderBy: { position: 'asc' } },
} satisfies Prisma.HostInclude;

export type HostRow = Prisma.HostGetPayload<{ include: typeof hostInclude }>;

export const poolInclude = { servers: { orderBy: { position: 'asc' } } } satisfies Prisma.PoolInclude;
export type PoolRow = Prisma.PoolGetPayload<{ include: typeof poolInclude }>;

type LocationRow = HostRow['locations'][number];

/** A location row as model input (validated by the caller). */
export function locationFromRow(row: LocationRow): LocationInput & { id: string } {
  return {
    id: row.id,
    matchKind: row.matchKind,
    path: row.path,
    enabled: row.enabled,
    action: row.action as LocationInput['action'],
    policies: row.policies as LocationInput['policies'],
  };
}

/** A host row as model input (validated by the caller). */
export function hostFromRow(row: HostRow): HostInput & { id: string } {
  return {
    id: row.id,
    serverNames: row.serverNames.map((n) => n.name),
    enabled: row.enabled,
    defaultServer: row.defaultServer,
    entrypoints: row.entrypoints as HostInput['entrypoints'],
    tls: { ...(row.tls as object), certificateId: row.certificateId } as HostInput['tls'],
    policies: row.policies as HostInput['policies'],
    errorPages: row.errorPages as HostInput['errorPages'],
    locations: row.locations.map(locationFromRow),
  };
}

export function poolFromRow(row: PoolRow): PoolInput & { id: string } {
  return {
    id: row.id,
    name: row.name,
    algorithm: row.algorithm,
    balance: row.balance as PoolInput['balance'],
    keepalive: row.keepalive as PoolInput['keepalive'],
    healthCheck: row.healthCheck as PoolInput['healthCheck'],
    tls: row.tls as PoolInput['tls'],
    queue: row.queue as PoolInput['queue'],
    servers: row.servers.map((s) => ({
      address: s.address,
      weight: s.weight,
      backup: s.backup,
      down: s.down,
      maxFails: s.maxFails,
      failTimeoutMs: s.failTimeoutMs,
      maxConns: s.maxConns,
      slowStartMs: s.slowStartMs,
    })),
  };
}
