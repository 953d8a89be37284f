// The zones the location editor makes on first use, so caching or limiting a location
// needs no detour to Settings › Zones: a section switched on picks an existing zone, else
// the default one, which the host's save creates before it saves the host.
import { CacheZoneInput, LimitZoneInput } from '@/core/config/zones.ts';
import { describeCacheZone, describeLimitZone } from './zone-words.ts';
import type { ZoneKind, ZoneNames, ZoneOption } from './zones-context.tsx';

/** nginx's keys_zone=default:10m (~80,000 keys) max_size=1g inactive=10m. */
const CACHE = CacheZoneInput.parse({ name: 'default', maxSizeBytes: 1024 ** 3, inactiveMs: 10 * 60_000, maxEntries: 80_000 });
/** limit_req_zone $binary_remote_addr zone=per-client:10m rate=10r/s. */
const REQUEST = LimitZoneInput.parse({ name: 'per-client', kind: 'REQUEST', key: { parts: [{ source: 'client_ip' }] }, rate: { count: 10, per: 'second' }, maxEntries: 160_000 });
/** limit_conn_zone $binary_remote_addr zone=per-client-connections:10m. */
const CONNECTION = LimitZoneInput.parse({ name: 'per-client-connections', kind: 'CONNECTION', key: { parts: [{ source: 'client_ip' }] }, maxEntries: 160_000 });

export const DEFAULT_ZONES = { cache: CACHE, request: REQUEST, connection: CONNECTION } as const;

export function defaultZoneOption(kind: ZoneKind): ZoneOption {
  return kind === 'cache' ? { name: CACHE.name, detail: describeCacheZone(CACHE) } : { name: DEFAULT_ZONES[kind].name, detail: describeLimitZone(DEFAULT_ZONES[kind]) };
}

/** The zone a newly switched-on section starts with: the first that exists, else the default. */
export function initialZone(kind: ZoneKind, zones: ZoneNames): string {
  return zones[kind][0]?.name ?? DEFAULT_ZONES[kind].name;
}

/** What a zone reference stands for: an existing zone, the default still to create, or nothing. */
export function zoneState(kind: ZoneKind, name: string, zones: ZoneNames): { kind: 'exists'; detail: string } | { kind: 'to-create'; detail: string } | { kind: 'missing' } {
  const found = zones[kind].find((z) => z.name === name);
  if (found) return { kind: 'exists', detail: found.detail };
  if (name === DEFAULT_ZONES[kind].name) return { kind: 'to-create', detail: defaultZoneOption(kind).detail };
  return { kind: 'missing' };
}

interface PolicyRefs {
  cache?: { zone?: string } | undefined;
  rateLimits?: { zone?: string }[] | undefined;
  connLimits?: { zone?: string }[] | undefined;
}

/** The default zones a host (its policies and its locations') refers to that do not exist yet. */
export function defaultZonesToCreate(host: { policies?: PolicyRefs | undefined; locations?: { policies?: PolicyRefs | undefined }[] | undefined }, zones: ZoneNames): ZoneKind[] {
  const all = [host.policies, ...(host.locations ?? []).map((l) => l.policies)].filter((p): p is PolicyRefs => p !== undefined);
  const used: Record<ZoneKind, Set<string>> = { cache: new Set(), request: new Set(), connection: new Set() };
  for (const p of all) {
    if (p.cache?.zone) used.cache.add(p.cache.zone);
    for (const r of p.rateLimits ?? []) if (r.zone) used.request.add(r.zone);
    for (const r of p.connLimits ?? []) if (r.zone) used.connection.add(r.zone);
  }
  return (['cache', 'request', 'connection'] as const).filter((kind) => used[kind].has(DEFAULT_ZONES[kind].name) && zoneState(kind, DEFAULT_ZONES[kind].name, zones).kind === 'to-create');
}

/** The API call that creates a default zone. */
export function createZoneRequest(kind: ZoneKind): { path: string; body: object } {
  return kind === 'cache' ? { path: '/api/v1/cache-zones', body: CACHE } : { path: '/api/v1/limit-zones', body: DEFAULT_ZONES[kind] };
}

/** A new rule: a burst of 20 served at once, so a page's parallel requests are not refused (limit_req burst=20 nodelay). */
export function newRateLimit(zone: string) {
  return { zone, burst: 20, nodelay: true, delay: 0, status: 503, dryRun: false };
}

export function newConnLimit(zone: string) {
  return { zone, max: 10, status: 503, dryRun: false };
}
