// The whole configuration at one revision: what the engine compiles, what a version
// stores, what the JSON export contains.
import { z } from 'zod';
import type { ObjectError } from '../contract/status.ts';
import type { HostConfig } from './host.ts';
import type { PoolConfig } from './pool.ts';
import type { CacheZoneConfig, LimitZoneConfig } from './zones.ts';
import { HostInput } from './host.ts';
import { PoolInput } from './pool.ts';
import { Id } from './primitives.ts';
import { GlobalSettings } from './settings.ts';
import { CacheZoneInput, LimitZoneInput } from './zones.ts';
import { StreamInput, type StreamConfig } from './stream.ts';
import { AccessListConfig } from './access-list.ts';

const withId = { id: Id };

export const SnapshotHost = HostInput.and(z.object(withId));
export const SnapshotPool = PoolInput.and(z.object(withId));
export const SnapshotStream = StreamInput.and(z.object(withId));

export const CertificateRef = z.object({
  id: Id,
  domains: z.array(z.string()),
  certPem: z.string(),
  keyPem: z.string(),
  notAfter: z.string().nullable(),
});

export const ConfigSnapshot = z
  .object({
    revision: z.number().int().min(0),
    settings: GlobalSettings,
    hosts: z.array(SnapshotHost),
    pools: z.array(SnapshotPool),
    cacheZones: z.array(CacheZoneInput.and(z.object(withId))),
    limitZones: z.array(LimitZoneInput.and(z.object(withId))),
    // Versions saved before streams existed have none.
    streams: z.array(SnapshotStream).default([]),
    // Versions saved before access lists existed have none.
    accessLists: z.array(AccessListConfig).default([]),
  })
  .superRefine((snap, ctx) => {
    // What the database would refuse later as a bare conflict, said here with a path.
    const poolIds = new Set(snap.pools.map((p) => p.id));
    const listIds = new Set(snap.accessLists.map((l) => l.id));
    const names = new Map<string, string>();
    const ids = new Set<string>();
    snap.hosts.forEach((host, i) => {
      if (ids.has(host.id)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'id'], message: `host id ${host.id} appears twice` });
      ids.add(host.id);
      host.serverNames.forEach((name, j) => {
        const other = names.get(name);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'serverNames', j], message: `server name "${name}" is already used by ${other}` });
        else names.set(name, `hosts.${i}`);
      });
      host.locations.forEach((location, j) => {
        const poolId = location.action.kind === 'proxy' ? location.action.poolId : null;
        if (poolId && !poolIds.has(poolId)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'locations', j, 'action', 'poolId'], message: `pool ${poolId} is not in the snapshot's pools` });
        const listId = location.policies.access?.listId;
        if (listId && !listIds.has(listId)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'locations', j, 'policies', 'access', 'listId'], message: `access list ${listId} is not in the snapshot's access lists` });
      });
      const hostListId = host.policies.access?.listId;
      if (hostListId && !listIds.has(hostListId)) ctx.addIssue({ code: 'custom', path: ['hosts', i, 'policies', 'access', 'listId'], message: `access list ${hostListId} is not in the snapshot's access lists` });
    });
    const ports = new Map<string, string>();
    snap.streams.forEach((stream, i) => {
      if (stream.poolId && !poolIds.has(stream.poolId)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'poolId'], message: `pool ${stream.poolId} is not in the snapshot's pools` });
      stream.sni.forEach((route, j) => {
        if (route.poolId && !poolIds.has(route.poolId)) ctx.addIssue({ code: 'custom', path: ['streams', i, 'sni', j, 'poolId'], message: `pool ${route.poolId} is not in the snapshot's pools` });
      });
      if (stream.listenPort === null) return;
      const port = `${stream.protocol}:${stream.listenPort}`;
      const other = ports.get(port);
      if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['streams', i, 'listenPort'], message: `${stream.protocol} port ${stream.listenPort} is already used by ${other}` });
      else ports.set(port, `streams.${i}`);
    });
  })
  .describe('The complete configuration at one revision.');
export type ConfigSnapshot = z.output<typeof ConfigSnapshot>;
export type CertificateRef = z.output<typeof CertificateRef>;

/**
 * A configuration as loaded for the engine: validated object by object (what failed is
 * left out and listed in `errors`). The database read and the last-good file both give it.
 */
export interface LoadedConfig {
  revision: number;
  settings: GlobalSettings;
  hosts: HostConfig[];
  pools: PoolConfig[];
  cacheZones: CacheZoneConfig[];
  limitZones: LimitZoneConfig[];
  /** TCP and UDP streams; absent in last-good files written before streams. */
  streams?: StreamConfig[];
  /** Errors found while validating rows (objects already left out). */
  errors: ObjectError[];
  /** Valid certificates (chain PEM, sealed key); absent in last-good files written before TLS. */
  certificates?: CertificateRef[];
  /** The access lists hosts and locations name (policies.access.listId); absent in last-good files written before them. */
  accessLists?: AccessListConfig[];
}
