// Database rows ↔ the shared configuration model. One mapping, used by the engine's
// loader and the dashboard's queries, so both read the same configuration.
import type { Prisma } from './generated/client.ts';
import type { HostConfig } from '../config/host.ts';
import type { Location } from '../config/location.ts';
import type { PoolConfig } from '../config/pool.ts';
import type { CacheZoneConfig, LimitZoneConfig } from '../config/zones.ts';
import type { CacheZone as CacheZoneRow, LimitZone as LimitZoneRow, Stream as StreamRow } from './generated/client.ts';
import type { StreamConfig } from '../config/stream.ts';

// Rows are written only through validated API calls, so they are read as the model's
// output types; the engine's loader still validates every object before using it.

export const hostInclude = {
  serverNames: { orderBy: { position: 'asc' } },
  locations: { orderBy: { position: 'asc' } },
} satisfies Prisma.HostInclude;

export type HostRow = Prisma.HostGetPayload<{ include: typeof hostInclude }>;

export const poolInclude = { servers: { orderBy: { position: 'asc' } } } satisfies Prisma.PoolInclude;
export type PoolRow = Prisma.PoolGetPayload<{ include: typeof poolInclude }>;

type LocationRow = HostRow['locations'][number];

/** A location row in the model's shape. */
export function locationFromRow(row: LocationRow): Location & { id: string } {
  return {
    id: row.id,
    matchKind: row.matchKind,
    path: row.path,
    enabled: row.enabled,
    action: row.action as Location['action'],
    policies: row.policies as Location['policies'],
  };
}

/** A host row in the model's shape. */
export function hostFromRow(row: HostRow): HostConfig {
  return {
    id: row.id,
    serverNames: row.serverNames.map((n) => n.name),
    enabled: row.enabled,
    defaultServer: row.defaultServer,
    entrypoints: row.entrypoints as HostConfig['entrypoints'],
    tls: { ...(row.tls as object), certificateId: row.certificateId } as HostConfig['tls'],
    policies: row.policies as HostConfig['policies'],
    errorPages: row.errorPages as HostConfig['errorPages'],
    locations: row.locations.map(locationFromRow),
  };
}

export function poolFromRow(row: PoolRow): PoolConfig {
  return {
    id: row.id,
    name: row.name,
    algorithm: row.algorithm,
    balance: row.balance as PoolConfig['balance'],
    keepalive: row.keepalive as PoolConfig['keepalive'],
    healthCheck: row.healthCheck as PoolConfig['healthCheck'],
    tls: row.tls as PoolConfig['tls'],
    queue: row.queue as PoolConfig['queue'],
    proxyProtocol: row.proxyProtocol,
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

export function cacheZoneFromRow(row: CacheZoneRow): CacheZoneConfig {
  return { id: row.id, name: row.name, maxSizeBytes: row.maxSizeBytes, inactiveMs: row.inactiveMs, maxEntries: row.maxEntries };
}

export function limitZoneFromRow(row: LimitZoneRow): LimitZoneConfig {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    key: row.key as LimitZoneConfig['key'],
    rate: (row.rate ?? undefined) as LimitZoneConfig['rate'],
    maxEntries: row.maxEntries,
  };
}

/** A stream row in the model's shape (settings holds every field that is not a column). */
export function streamFromRow(row: StreamRow): StreamConfig {
  return {
    ...(row.settings as Omit<StreamConfig, 'id' | 'name' | 'enabled' | 'protocol' | 'listenPort' | 'entrypoint' | 'poolId' | 'address'>),
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    protocol: row.protocol as StreamConfig['protocol'],
    listenPort: row.listenPort,
    entrypoint: row.entrypoint as StreamConfig['entrypoint'],
    poolId: row.poolId,
    address: row.address,
  };
}
