// proxy_cache_path → cache zones; limit_req_zone / limit_conn_zone → limit zones.
// Zone sizes become entry counts with nginx's own ratios: a 1 MB keys_zone holds about
// 8,000 cache keys, a 1 MB limit zone about 16,000 states.
import type { z } from 'zod';
import { CacheZoneInput, type LimitKey, LimitZoneInput } from '../config/zones.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { parseDurationMs, parseOffset, parseSize, splitParam } from './nginx-values.ts';
import { variablesIn } from './variables.ts';

type CacheZone = z.output<typeof CacheZoneInput>;
type LimitZone = z.output<typeof LimitZoneInput>;
type KeyPart = z.output<typeof LimitKey>['parts'][number];

const MIB = 1024 * 1024;
export const CACHE_KEYS_PER_MB = 8000;
export const LIMIT_STATES_PER_MB = 16000;

function entries(bytes: number, perMb: number, max: number): number {
  return Math.min(max, Math.max(1, Math.round((bytes / MIB) * perMb)));
}

export function mapCachePath(d: NginxDirective, ctx: ImportContext): CacheZone | null {
  ctx.use(d);
  const zone: Partial<CacheZone> = {};
  const notes: string[] = [`Portico keeps the cache in its data directory, not in "${d.args[0] ?? ''}"`];
  for (const arg of d.args.slice(1)) {
    const { key, value = '' } = splitParam(arg);
    if (key === 'keys_zone') {
      const [name = '', size = ''] = value.split(':');
      const bytes = parseSize(size);
      zone.name = name;
      if (bytes !== null) zone.maxEntries = entries(bytes, CACHE_KEYS_PER_MB, 10_000_000);
    } else if (key === 'max_size' && parseOffset(value) !== null) zone.maxSizeBytes = Math.max(1024, parseOffset(value)!);
    else if (key === 'inactive' && parseDurationMs(value, 'sec') !== null) zone.inactiveMs = parseDurationMs(value, 'sec')!;
    else if (['levels', 'use_temp_path', 'manager_files', 'manager_sleep', 'manager_threshold', 'loader_files', 'loader_sleep', 'loader_threshold', 'min_free'].includes(key)) {
      notes.push(`${key} is not needed`);
    } else notes.push(`"${arg}" is not supported`);
  }
  if (zone.maxSizeBytes === undefined) notes.push('no max_size: Portico bounds the zone at its default of 1 GiB');
  const parsed = CacheZoneInput.safeParse(zone);
  if (!parsed.success) {
    ctx.warn(d, 'unsupported', `invalid or missing keys_zone=name:size; cache zone not imported`);
    return null;
  }
  ctx.warn(d, 'managed', notes.join('; '));
  ctx.cacheZones.add(parsed.data.name);
  return parsed.data;
}

/** `$binary_remote_addr`, `$server_name$uri`, `$http_x_api_key` → key parts; null if any part is unknown. */
function keyParts(template: string, mapVariables: ReadonlySet<string>): KeyPart[] | null {
  const names = variablesIn(template);
  if (names.length === 0 || template.replace(/\$(\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/g, '') !== '') return null;
  const parts: KeyPart[] = [];
  for (const name of names) {
    // A map's variable first: a map may even redefine an $http_… name.
    if (mapVariables.has(name)) parts.push({ source: 'variable', name });
    else if (name === 'binary_remote_addr' || name === 'remote_addr') parts.push({ source: 'client_ip' });
    else if (name === 'uri' || name === 'document_uri') parts.push({ source: 'uri' });
    // $request_uri is the target as sent, query included: "/a?x=1" and "/a?x=2" are two keys.
    else if (name === 'request_uri') parts.push({ source: 'request_uri' });
    else if (name === 'args' || name === 'query_string') parts.push({ source: 'args' });
    else if (name === 'is_args') parts.push({ source: 'is_args' });
    else if (name.startsWith('arg_')) parts.push({ source: 'arg', name: name.slice(4) });
    else if (name === 'host') parts.push({ source: 'host' });
    else if (name === 'server_name') parts.push({ source: 'server_name' });
    else if (name.startsWith('http_')) parts.push({ source: 'header', name: name.slice(5).replace(/_/g, '-') });
    else if (name.startsWith('cookie_')) parts.push({ source: 'cookie', name: name.slice(7) });
    else return null;
  }
  return parts;
}

export function mapLimitZone(d: NginxDirective, ctx: ImportContext): LimitZone | null {
  ctx.use(d);
  const kind = d.name === 'limit_req_zone' ? 'REQUEST' : 'CONNECTION';
  const [key = '', ...params] = d.args;
  const zone: Partial<LimitZone> & { kind: typeof kind } = { kind };
  const parts = keyParts(key, ctx.mapVariables);
  if (!parts) {
    ctx.warn(d, 'unsupported', `the key "${key}" uses variables Portico cannot count by; zone not imported`);
    return null;
  }
  zone.key = { parts };
  for (const param of params) {
    const { key: name, value = '' } = splitParam(param);
    if (name === 'zone') {
      const [zoneName = '', size = ''] = value.split(':');
      zone.name = zoneName;
      const bytes = parseSize(size);
      if (bytes !== null) zone.maxEntries = entries(bytes, LIMIT_STATES_PER_MB, 10_000_000);
    } else if (name === 'rate' && kind === 'REQUEST') {
      const rate = /^(\d+)r\/([sm])$/.exec(value);
      if (rate) zone.rate = { count: Number(rate[1]), per: rate[2] === 's' ? 'second' : 'minute' };
    } else if (name === 'sync') ctx.warn(d, 'ignored', 'sync is not needed');
  }
  const parsed = LimitZoneInput.safeParse(zone);
  if (!parsed.success) {
    ctx.warn(d, 'unsupported', `invalid zone= or rate= parameter; zone not imported`);
    return null;
  }
  ctx.limitZones.set(parsed.data.name, kind);
  return parsed.data;
}
