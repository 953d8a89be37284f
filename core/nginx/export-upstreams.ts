// Pools → `upstream` blocks; cache and limit zones → proxy_cache_path / limit_*_zone.
// Zone sizes are written back with nginx's ratios (8,000 cache keys or 16,000 limit
// states per MB), so importing the result gives the same entry counts.
import type { z } from 'zod';
import type { PoolInput } from '../config/pool.ts';
import type { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import { type NginxNode, blockNode, commentNode, node } from './config-writer.ts';
import { CACHE_KEYS_PER_MB, LIMIT_STATES_PER_MB } from './map-zones.ts';
import { formatDuration, formatSize } from './nginx-values.ts';

type Pool = z.output<typeof PoolInput>;
type CacheZone = z.output<typeof CacheZoneInput>;
type LimitZone = z.output<typeof LimitZoneInput>;

function zoneSize(entries: number, perMb: number): string {
  // nginx refuses zones under 8 pages; 32k is its smallest useful size.
  const kib = Math.max(32, Math.ceil((entries * 1024) / perMb));
  return formatSize(kib * 1024, false);
}

function hashKey(pool: Pool): string {
  const key = pool.balance.hashKey;
  switch (key?.source) {
    case 'client_ip':
      return '$remote_addr';
    case 'uri':
      return '$request_uri';
    case 'header':
      return `$http_${(key.name ?? '').toLowerCase().replace(/-/g, '_')}`;
    case 'cookie':
      return `$cookie_${key.name ?? ''}`;
    default:
      return key?.name ?? '$request_uri';
  }
}

export function upstreamNode(pool: Pool): NginxNode {
  const body: NginxNode[] = [];
  if (pool.algorithm === 'LEAST_CONN') body.push(node('least_conn'));
  else if (pool.algorithm === 'IP_HASH') body.push(node('ip_hash'));
  else if (pool.algorithm === 'RANDOM_TWO') body.push(node('random', 'two', 'least_conn'));
  else if (pool.algorithm === 'HASH') body.push(node('hash', hashKey(pool), ...(pool.balance.consistent ? ['consistent'] : [])));
  for (const s of pool.servers) {
    const params: string[] = [];
    if (s.weight !== 1) params.push(`weight=${s.weight}`);
    if (s.maxFails !== 1) params.push(`max_fails=${s.maxFails}`);
    if (s.failTimeoutMs !== 10000) params.push(`fail_timeout=${formatDuration(s.failTimeoutMs, 'sec')}`);
    if (s.maxConns !== 0) params.push(`max_conns=${s.maxConns}`);
    if (s.backup) params.push('backup');
    if (s.down) params.push('down');
    if (s.slowStartMs > 0) body.push(commentNode(`portico: slow_start=${formatDuration(s.slowStartMs, 'sec')} for ${s.address} needs NGINX Plus`));
    body.push(node('server', s.address, ...params));
  }
  // nginx sends the PROXY protocol only from stream {} (proxy_protocol on, v1): the streams
  // that use this pool say it there (export-streams.ts); HTTP upstreams cannot get it.
  if (pool.proxyProtocol !== 'off') body.push(commentNode(`portico: proxyProtocol ${pool.proxyProtocol} — nginx cannot send the PROXY protocol to HTTP upstreams (only stream {} has proxy_protocol on, version 1); requests proxied to this pool carry none`));
  if (pool.keepalive.maxIdle > 0) {
    body.push(
      node('keepalive', String(pool.keepalive.maxIdle)),
      node('keepalive_timeout', formatDuration(pool.keepalive.idleTimeoutMs, 'msec')),
      node('keepalive_requests', String(pool.keepalive.maxRequests)),
    );
  }
  if (pool.healthCheck?.enabled) {
    body.push(commentNode(`portico: active health check ${pool.healthCheck.method} ${pool.healthCheck.path} every ${formatDuration(pool.healthCheck.intervalMs, 'msec')} needs NGINX Plus`));
  }
  if (pool.queue.size > 0) body.push(commentNode(`portico: a queue of ${pool.queue.size} requests needs NGINX Plus`));
  return blockNode('upstream', [pool.name], body);
}

export function cachePathNode(zone: CacheZone, cacheDir: string): NginxNode {
  return node(
    'proxy_cache_path',
    `${cacheDir}/cache_${zone.name}`,
    'levels=1:2',
    `keys_zone=${zone.name}:${zoneSize(zone.maxEntries, CACHE_KEYS_PER_MB)}`,
    `max_size=${formatSize(zone.maxSizeBytes, true)}`,
    `inactive=${formatDuration(zone.inactiveMs, 'sec')}`,
  );
}

function limitKey(zone: LimitZone): string {
  return zone.key.parts
    .map((part) => {
      switch (part.source) {
        case 'client_ip':
          return '$binary_remote_addr';
        case 'uri':
          return '$uri';
        case 'host':
          return '$host';
        case 'server_name':
          return '$server_name';
        case 'header':
          return `$http_${(part.name ?? '').toLowerCase().replace(/-/g, '_')}`;
        case 'cookie':
          return `$cookie_${part.name ?? ''}`;
        case 'request_uri':
          return '$request_uri';
        case 'args':
          return '$args';
        case 'is_args':
          return '$is_args';
        case 'arg':
          return `$arg_${part.name ?? ''}`;
        case 'variable':
          return `$${part.name ?? ''}`;
      }
    })
    .join('');
}

export function limitZoneNode(zone: LimitZone): NginxNode {
  const size = `zone=${zone.name}:${zoneSize(zone.maxEntries, LIMIT_STATES_PER_MB)}`;
  if (zone.kind === 'CONNECTION') return node('limit_conn_zone', limitKey(zone), size);
  const rate = zone.rate ?? { count: 1, per: 'second' };
  return node('limit_req_zone', limitKey(zone), size, `rate=${rate.count}r/${rate.per === 'second' ? 's' : 'm'}`);
}
