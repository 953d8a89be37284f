// The whole configuration as one JSON document (zod `ConfigSnapshot`): what a version
// stores, what the JSON export contains, and what a rollback or a backup import writes
// back, ids included, so a restored configuration is identical to the saved one.
import { Prisma } from '@/proxy-engine/db/generated/client.ts';
import { ConfigSnapshot } from '@/proxy-engine/config/snapshot.ts';
import { GlobalSettings } from '@/proxy-engine/config/settings.ts';
import { cacheZoneFromRow, hostFromRow, hostInclude, limitZoneFromRow, poolFromRow, poolInclude } from '@/proxy-engine/db/rows.ts';
import { SETTINGS_KEY } from '@/proxy-engine/provider/load-config.ts';

type Tx = Prisma.TransactionClient;
export type Snapshot = ConfigSnapshot;

/** Reads the configuration inside the caller's transaction. */
export async function readSnapshot(tx: Tx): Promise<Snapshot> {
  const [state, settingsRow, hosts, pools, cacheZones, limitZones] = await Promise.all([
    tx.configState.findUnique({ where: { id: 1 } }),
    tx.setting.findUnique({ where: { key: SETTINGS_KEY } }),
    tx.host.findMany({ include: hostInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    tx.pool.findMany({ include: poolInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    tx.cacheZone.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    tx.limitZone.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  return {
    revision: state?.revision ?? 0,
    settings: GlobalSettings.parse(settingsRow?.value ?? {}),
    hosts: hosts.map(hostFromRow),
    pools: pools.map(poolFromRow),
    cacheZones: cacheZones.map(cacheZoneFromRow),
    limitZones: limitZones.map(limitZoneFromRow),
  } as Snapshot;
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** Replaces the whole configuration with `snapshot` (validated by the caller). */
export async function writeSnapshot(tx: Tx, snapshot: Snapshot): Promise<void> {
  // Children first (locations reference pools); then parents.
  await tx.location.deleteMany({});
  await tx.hostName.deleteMany({});
  await tx.host.deleteMany({});
  await tx.server.deleteMany({});
  await tx.pool.deleteMany({});
  await tx.cacheZone.deleteMany({});
  await tx.limitZone.deleteMany({});
  const base = Date.now();
  // createdAt keeps the saved order (reads sort by it).
  const at = (i: number) => new Date(base + i);
  let i = 0;
  for (const z of snapshot.cacheZones) {
    await tx.cacheZone.create({ data: { id: z.id, name: z.name, maxSizeBytes: z.maxSizeBytes, inactiveMs: z.inactiveMs, maxEntries: z.maxEntries, createdAt: at(i++) } });
  }
  for (const z of snapshot.limitZones) {
    await tx.limitZone.create({ data: { id: z.id, name: z.name, kind: z.kind, key: json(z.key), rate: z.rate ? json(z.rate) : Prisma.DbNull, maxEntries: z.maxEntries, createdAt: at(i++) } });
  }
  for (const p of snapshot.pools) {
    await tx.pool.create({
      data: {
        id: p.id,
        name: p.name,
        algorithm: p.algorithm,
        balance: json(p.balance),
        keepalive: json(p.keepalive),
        healthCheck: p.healthCheck === null ? Prisma.DbNull : json(p.healthCheck),
        tls: json(p.tls),
        queue: json(p.queue),
        createdAt: at(i++),
        servers: { create: p.servers.map((s, position) => ({ position, ...s })) },
      },
    });
  }
  for (const h of snapshot.hosts) {
    const { certificateId, ...tls } = h.tls;
    const certificate = certificateId ? await tx.certificate.findUnique({ where: { id: certificateId }, select: { id: true } }) : null;
    await tx.host.create({
      data: {
        id: h.id,
        enabled: h.enabled,
        defaultServer: h.defaultServer,
        entrypoints: json(h.entrypoints),
        tls: json(tls),
        policies: json(h.policies),
        errorPages: json(h.errorPages),
        certificateId: certificate?.id ?? null,
        createdAt: at(i++),
        serverNames: { create: h.serverNames.map((name, position) => ({ name, position })) },
        locations: {
          create: h.locations.map((l, position) => ({
            ...(l.id ? { id: l.id } : {}),
            position,
            matchKind: l.matchKind,
            path: l.path,
            enabled: l.enabled,
            action: json(l.action),
            policies: json(l.policies),
            poolId: l.action.kind === 'proxy' ? (l.action.poolId ?? null) : null,
          })),
        },
      },
    });
  }
  await tx.setting.upsert({
    where: { key: SETTINGS_KEY },
    create: { key: SETTINGS_KEY, value: json(snapshot.settings) },
    update: { value: json(snapshot.settings) },
  });
}

/** Parses a snapshot from JSON (an export, a version): 422 paths on failure. */
export function parseSnapshot(value: unknown) {
  return ConfigSnapshot.safeParse(value);
}
