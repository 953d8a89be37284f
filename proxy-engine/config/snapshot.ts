// The whole configuration at one revision: what the engine compiles, what a version
// stores, what the JSON export contains.
import { z } from 'zod';
import { HostInput } from './host.ts';
import { PoolInput } from './pool.ts';
import { Id } from './primitives.ts';
import { GlobalSettings } from './settings.ts';
import { CacheZoneInput, LimitZoneInput } from './zones.ts';

const withId = { id: Id };

export const SnapshotHost = HostInput.and(z.object(withId));
export const SnapshotPool = PoolInput.and(z.object(withId));

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
  })
  .describe('The complete configuration at one revision.');
export type ConfigSnapshot = z.output<typeof ConfigSnapshot>;
export type CertificateRef = z.output<typeof CertificateRef>;
