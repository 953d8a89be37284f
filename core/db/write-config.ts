// Configuration objects (the shared model's output) → database rows. One mapping for
// every writer: the API's create/update, imports, rollbacks and restores, tests and the
// benchmark harness. rows.ts is the way back.
import type { z } from 'zod';
import { Prisma } from './generated/client.ts';
import type { HostInput } from '../config/host.ts';
import type { PoolInput } from '../config/pool.ts';
import type { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import type { StreamInput } from '../config/stream.ts';

type Tx = Prisma.TransactionClient;
type Json = Prisma.InputJsonValue;
type HostData = z.output<typeof HostInput> & { id?: string };
type PoolData = z.output<typeof PoolInput> & { id?: string };
type StreamData = z.output<typeof StreamInput> & { id?: string };

const json = (v: unknown) => v as Json;

/** Removes every stream, host, location, pool and zone (children first). */
export async function clearConfig(tx: Tx): Promise<void> {
  await tx.stream.deleteMany({});
  await tx.location.deleteMany({});
  await tx.hostName.deleteMany({});
  await tx.host.deleteMany({});
  await tx.server.deleteMany({});
  await tx.pool.deleteMany({});
  await tx.cacheZone.deleteMany({});
  await tx.limitZone.deleteMany({});
}

export function cacheZoneData(z: z.output<typeof CacheZoneInput> & { id?: string }) {
  return { ...(z.id ? { id: z.id } : {}), name: z.name, maxSizeBytes: z.maxSizeBytes, inactiveMs: z.inactiveMs, maxEntries: z.maxEntries };
}

export function limitZoneData(z: z.output<typeof LimitZoneInput> & { id?: string }) {
  return { ...(z.id ? { id: z.id } : {}), name: z.name, kind: z.kind, key: json(z.key), rate: z.rate ? json(z.rate) : Prisma.DbNull, maxEntries: z.maxEntries };
}

/** Pool columns and its servers (for create, or update after the servers were deleted). */
export function poolData(p: PoolData) {
  return {
    name: p.name,
    algorithm: p.algorithm,
    balance: json(p.balance),
    keepalive: json(p.keepalive),
    healthCheck: p.healthCheck === null ? Prisma.DbNull : json(p.healthCheck),
    tls: json(p.tls),
    queue: json(p.queue),
    proxyProtocol: p.proxyProtocol,
    servers: { create: p.servers.map((s, position) => ({ position, ...s })) },
  };
}

/**
 * Host columns with its names and locations. `poolIdOf` maps what a proxy action names
 * (a pool id, or a pool name in an import plan) to the pool's id.
 */
export function hostData(h: HostData, poolIdOf: (ref: string) => string = (ref) => ref) {
  const { certificateId, ...tls } = h.tls;
  return {
    enabled: h.enabled,
    defaultServer: h.defaultServer,
    entrypoints: json(h.entrypoints),
    tls: json(tls),
    policies: json(h.policies),
    errorPages: json(h.errorPages),
    certificateId,
    serverNames: { create: h.serverNames.map((name, position) => ({ name, position })) },
    locations: {
      create: h.locations.map((l, position) => {
        const action = l.action.kind === 'proxy' && l.action.poolId ? { ...l.action, poolId: poolIdOf(l.action.poolId) } : l.action;
        return {
          // Ids are kept across edits so errors and stats stay attached to "the same" location.
          ...(l.id ? { id: l.id } : {}),
          position,
          matchKind: l.matchKind,
          path: l.path,
          enabled: l.enabled,
          action: json(action),
          policies: json(l.policies),
          poolId: action.kind === 'proxy' ? (action.poolId ?? null) : null,
        };
      }),
    },
  };
}

/** Stream columns; `poolIdOf` maps what it names (a pool id, or a pool name in an import plan) to the pool's id. */
export function streamData(s: StreamData, poolIdOf: (ref: string) => string = (ref) => ref) {
  const { id: _id, name, enabled, protocol, listenPort, entrypoint, poolId, address, ...settings } = s;
  // SNI routes name pools like the stream does (ids, or names in an import plan).
  const sni = settings.sni.map((r) => ({ ...r, poolId: r.poolId === null ? null : poolIdOf(r.poolId) }));
  return { name, enabled, protocol, listenPort, entrypoint, poolId: poolId === null ? null : poolIdOf(poolId), address, settings: json({ ...settings, sni }) };
}

export interface ConfigObjects {
  hosts: HostData[];
  pools: PoolData[];
  cacheZones: (z.output<typeof CacheZoneInput> & { id?: string })[];
  limitZones: (z.output<typeof LimitZoneInput> & { id?: string })[];
  streams?: StreamData[];
}

/**
 * Creates zones, pools, hosts and streams. Proxy actions may name pools by id or, as an import
 * plan does, by name; both resolve. Returns the ids created, in order.
 */
export async function createConfigObjects(tx: Tx, objects: ConfigObjects, options: { createdAt?: (i: number) => Date } = {}) {
  let i = 0;
  const at = () => (options.createdAt ? { createdAt: options.createdAt(i++) } : {});
  for (const z of objects.cacheZones) await tx.cacheZone.create({ data: { ...cacheZoneData(z), ...at() } });
  for (const z of objects.limitZones) await tx.limitZone.create({ data: { ...limitZoneData(z), ...at() } });
  const poolIds = new Map<string, string>();
  for (const p of objects.pools) {
    const row = await tx.pool.create({ data: { ...(p.id ? { id: p.id } : {}), ...poolData(p), ...at() }, select: { id: true } });
    poolIds.set(p.name, row.id);
    poolIds.set(row.id, row.id);
  }
  const hostIds: string[] = [];
  for (const h of objects.hosts) {
    const data = hostData(h, (ref) => poolIds.get(ref) ?? ref);
    const row = await tx.host.create({ data: { ...(h.id ? { id: h.id } : {}), ...data, ...at() }, select: { id: true } });
    hostIds.push(row.id);
  }
  const streamIds: string[] = [];
  for (const s of objects.streams ?? []) {
    const row = await tx.stream.create({ data: { ...(s.id ? { id: s.id } : {}), ...streamData(s, (ref) => poolIds.get(ref) ?? ref), ...at() }, select: { id: true } });
    streamIds.push(row.id);
  }
  return { hostIds, poolIds: [...new Set(poolIds.values())], streamIds };
}
