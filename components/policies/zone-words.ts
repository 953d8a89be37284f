// Zones in a few words, for the location editor's pickers and its policy summaries:
// "1 GiB on disk, 80,000 keys", "10 r/s per client address".
import type { CacheZoneInput, LimitZoneInput } from '@/core/config/zones.ts';
import type { z } from 'zod';
import { describeSize } from '@/components/forms/units.ts';

type CacheZone = Pick<z.output<typeof CacheZoneInput>, 'maxSizeBytes' | 'maxEntries'>;
type LimitZone = Pick<z.output<typeof LimitZoneInput>, 'kind' | 'key' | 'rate'>;

const SOURCE_WORDS: Record<string, string> = { client_ip: 'client address', uri: 'URI', host: 'Host', server_name: 'server name', header: 'header', cookie: 'cookie' };

export function describeCacheZone(zone: CacheZone): string {
  return `${describeSize(zone.maxSizeBytes)} on disk, ${zone.maxEntries.toLocaleString('en')} keys`;
}

export function describeLimitZone(zone: LimitZone): string {
  const key = zone.key.parts.map((p) => `${SOURCE_WORDS[p.source] ?? p.source}${p.name ? ` ${p.name}` : ''}`).join(' + ');
  if (zone.kind === 'CONNECTION' || !zone.rate) return `per ${key}`;
  return `${zone.rate.count.toLocaleString('en')} r/${zone.rate.per === 'second' ? 's' : 'm'} per ${key}`;
}
