// Reads the whole configuration in one read transaction and validates it object by
// object: an invalid host, location, pool or stream is left out with its errors; the rest loads.
import type { z } from 'zod';
import { HostInput, type HostConfig } from '../config/host.ts';
import { LocationInput } from '../config/location.ts';
import { PoolInput, type PoolConfig } from '../config/pool.ts';
import { GlobalSettings } from '../config/settings.ts';
import type { Db } from './client.ts';
import { cacheZoneFromRow, hostFromRow, limitZoneFromRow, poolFromRow, streamFromRow } from './rows.ts';
import { StreamInput, type StreamConfig } from '../config/stream.ts';
import { configQueries, groupHosts, groupPools } from './read-config.ts';
import { CacheZoneInput, LimitZoneInput, type CacheZoneConfig, type LimitZoneConfig } from '../config/zones.ts';
import type { LoadedConfig } from '../config/snapshot.ts';
import type { ObjectError } from '../contract/status.ts';
import { loadAccessLists, missingListErrors } from './load-access-lists.ts';

export const SETTINGS_KEY = 'global';

function issuesToErrors(base: Omit<ObjectError, 'path' | 'message'>, error: z.ZodError, prefix = ''): ObjectError[] {
  return error.issues.map((issue) => ({ ...base, path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'), message: issue.message }));
}

export async function readRevision(db: Db): Promise<number> {
  const state = await db.configState.findUnique({ where: { id: 1 } });
  return state?.revision ?? 0;
}

export async function loadConfig(db: Db): Promise<LoadedConfig> {
  const [state, settingsRow, cacheZoneRows, limitZoneRows, certificateRows, streamRows, hostList, nameList, locationList, poolList, serverList] = await db.$transaction([
    db.configState.findUnique({ where: { id: 1 } }),
    db.setting.findUnique({ where: { key: SETTINGS_KEY } }),
    db.cacheZone.findMany({ orderBy: { createdAt: 'asc' } }),
    db.limitZone.findMany({ orderBy: { createdAt: 'asc' } }),
    // TLS: only valid certificates serve; keys stay sealed until the compiler opens them.
    db.certificate.findMany({ where: { status: 'VALID', certPem: { not: null }, keyPem: { not: null } }, orderBy: { createdAt: 'asc' } }),
    db.stream.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ...configQueries(db),
  ]);
  // Read after the batch (a batch's tuple type stops at a dozen queries); a list written in
  // between only shows a newer list than the revision says, and the next apply agrees again.
  const accessListRows = await db.accessList.findMany({ orderBy: { name: 'asc' } });
  const hostRows = groupHosts(hostList, nameList, locationList);
  const poolRows = groupPools(poolList, serverList);
  const errors: ObjectError[] = [];

  const parsedSettings = GlobalSettings.safeParse(settingsRow?.value ?? {});
  if (!parsedSettings.success) errors.push(...issuesToErrors({ objectType: 'settings', objectId: SETTINGS_KEY, name: 'settings' }, parsedSettings.error));
  const settings = parsedSettings.success ? parsedSettings.data : GlobalSettings.parse({});

  const pools: PoolConfig[] = [];
  for (const row of poolRows) {
    const parsed = PoolInput.safeParse(poolFromRow(row));
    if (parsed.success) pools.push({ ...parsed.data, id: row.id });
    else errors.push(...issuesToErrors({ objectType: 'pool', objectId: row.id, name: row.name }, parsed.error));
  }

  const accessLists = loadAccessLists(accessListRows, errors);
  const accessListIds = new Set(accessLists.map((l) => l.id));

  const hosts: HostConfig[] = [];
  for (const row of hostRows) {
    const input = hostFromRow(row);
    const name = input.serverNames[0] ?? row.id;
    const parsedHost = HostInput.safeParse({ ...input, locations: [] });
    if (!parsedHost.success) {
      errors.push(...issuesToErrors({ objectType: 'host', objectId: row.id, name }, parsedHost.error));
      continue;
    }
    const hostListErrors = missingListErrors({ objectType: 'host', objectId: row.id, name }, parsedHost.data.policies.access?.listId, accessListIds, 'policies.access.listId');
    if (hostListErrors.length > 0) {
      errors.push(...hostListErrors);
      continue;
    }
    const locations: HostConfig['locations'] = [];
    input.locations!.forEach((location, index) => {
      const parsed = LocationInput.safeParse(location);
      const listErrors = parsed.success ? missingListErrors({ objectType: 'location', objectId: (location as { id: string }).id, name: `${name} ${location.path}` }, parsed.data.policies.access?.listId, accessListIds, `locations.${index}.policies.access.listId`) : [];
      if (listErrors.length > 0) errors.push(...listErrors);
      else if (parsed.success) locations.push({ ...parsed.data, id: (location as { id: string }).id });
      else errors.push(...issuesToErrors({ objectType: 'location', objectId: (location as { id: string }).id, name: `${name} ${location.path}` }, parsed.error, `locations.${index}`));
    });
    hosts.push({ ...parsedHost.data, locations, id: row.id });
  }

  const cacheZones: CacheZoneConfig[] = [];
  for (const row of cacheZoneRows) {
    const parsed = CacheZoneInput.safeParse(cacheZoneFromRow(row));
    if (parsed.success) cacheZones.push({ ...parsed.data, id: row.id });
    else errors.push(...issuesToErrors({ objectType: 'zone', objectId: row.id, name: row.name }, parsed.error));
  }
  const limitZones: LimitZoneConfig[] = [];
  for (const row of limitZoneRows) {
    const parsed = LimitZoneInput.safeParse(limitZoneFromRow(row));
    if (parsed.success) limitZones.push({ ...parsed.data, id: row.id });
    else errors.push(...issuesToErrors({ objectType: 'zone', objectId: row.id, name: row.name }, parsed.error));
  }

  const streams: StreamConfig[] = [];
  for (const row of streamRows) {
    const parsed = StreamInput.safeParse(streamFromRow(row));
    if (parsed.success) streams.push({ ...parsed.data, id: row.id });
    else errors.push(...issuesToErrors({ objectType: 'stream', objectId: row.id, name: row.name }, parsed.error));
  }

  const certificates = certificateRows.map((row) => ({
    id: row.id,
    domains: Array.isArray(row.domains) ? (row.domains as string[]) : [],
    certPem: `${row.certPem!.trim()}\n${row.chainPem ? `${row.chainPem.trim()}\n` : ''}`,
    keyPem: row.keyPem!,
    notAfter: row.notAfter?.toISOString() ?? null,
  }));

  return { revision: state?.revision ?? 0, settings, hosts, pools, cacheZones, limitZones, streams, errors, certificates, accessLists };
}
