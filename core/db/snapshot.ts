// The whole configuration as one JSON document (zod `ConfigSnapshot`): what a version
// stores, what the JSON export contains, and what a rollback or a backup import writes
// back, ids included, so a restored configuration is identical to the saved one.
import type { Prisma } from './generated/client.ts';
import { ConfigSnapshot } from '../config/snapshot.ts';
import { GlobalSettings } from '../config/settings.ts';
import { cacheZoneFromRow, hostFromRow, limitZoneFromRow, poolFromRow, streamFromRow } from './rows.ts';
import { readHostsAndPools } from './read-config.ts';
import { SETTINGS_KEY } from './load-config.ts';
import { clearConfig, createConfigObjects } from './write-config.ts';
import { accessListFromRow } from './access-list-rows.ts';
import { replaceAccessLists } from './write-access-lists.ts';

type Tx = Prisma.TransactionClient;
export type Snapshot = ConfigSnapshot;

/** Reads the configuration inside the caller's transaction. */
export async function readSnapshot(tx: Tx): Promise<Snapshot> {
  const [state, settingsRow, { hosts, pools }, cacheZones, limitZones, streams] = await Promise.all([
    tx.configState.findUnique({ where: { id: 1 } }),
    tx.setting.findUnique({ where: { key: SETTINGS_KEY } }),
    readHostsAndPools(tx),
    tx.cacheZone.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    tx.limitZone.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    tx.stream.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const accessLists = await tx.accessList.findMany({ orderBy: { name: 'asc' } });
  return {
    revision: state?.revision ?? 0,
    settings: GlobalSettings.parse(settingsRow?.value ?? {}),
    hosts: hosts.map(hostFromRow),
    pools: pools.map(poolFromRow),
    cacheZones: cacheZones.map(cacheZoneFromRow),
    limitZones: limitZones.map(limitZoneFromRow),
    streams: streams.map(streamFromRow),
    accessLists: accessLists.map(accessListFromRow),
  } as Snapshot;
}

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** Replaces the whole configuration with `snapshot` (validated by the caller). */
export async function writeSnapshot(tx: Tx, snapshot: Snapshot): Promise<void> {
  await clearConfig(tx);
  // A certificate deleted since the snapshot was taken cannot be pinned again.
  const certificates = new Set((await tx.certificate.findMany({ select: { id: true } })).map((c) => c.id));
  const hosts = snapshot.hosts.map((h) => (h.tls.certificateId && !certificates.has(h.tls.certificateId) ? { ...h, tls: { ...h.tls, certificateId: null } } : h));
  const base = Date.now();
  // createdAt keeps the saved order (reads sort by it).
  await createConfigObjects(tx, { ...snapshot, hosts }, { createdAt: (i) => new Date(base + i) });
  // Versions saved before access lists existed have none (and no host of theirs names one).
  await replaceAccessLists(tx, snapshot.accessLists ?? []);
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
