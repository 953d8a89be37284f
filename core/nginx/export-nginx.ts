// Portico's configuration → nginx configuration that behaves the same for everything
// nginx can express (what it cannot, like active health checks, is left as a comment).
// Importing the result gives back the same hosts, pools, zones and settings.
import type { z } from 'zod';
import { HostInput } from '../config/host.ts';
import { PoolInput } from '../config/pool.ts';
import { GlobalSettings } from '../config/settings.ts';
import { isUpgradeVariableMap, variableMapNode } from './export-variable-maps.ts';
import { CacheZoneInput, LimitZoneInput } from '../config/zones.ts';
import { type NginxNode, blockNode, commentNode, node, renderNginx } from './config-writer.ts';
import { ExportContext, type ExportOptions } from './export-context.ts';
import type { Groups } from './export-policy-env.ts';
import { catchAllServer, hostServers } from './export-servers.ts';
import { cachePathNode, limitZoneNode, upstreamNode } from './export-upstreams.ts';
import { type ExportStream, streamBlock, streamPool } from './export-streams.ts';
import { formatSize } from './nginx-values.ts';
import { withAccessListsInline } from './export-access-lists.ts';
import type { AccessListConfig } from '../config/access-list.ts';

export type { CertificatePaths, ExportOptions } from './export-context.ts';

/** What to export: the same shapes an ImportPlan or a snapshot holds (ids optional). */
export interface ExportInput {
  hosts: readonly z.input<typeof HostInput>[];
  pools: readonly (z.input<typeof PoolInput> & { id?: string })[];
  cacheZones: readonly z.input<typeof CacheZoneInput>[];
  limitZones: readonly z.input<typeof LimitZoneInput>[];
  settings: Partial<z.input<typeof GlobalSettings>>;
  /** TCP and UDP streams: a top-level `stream {}` block (outside http, as nginx requires). */
  streams?: readonly ExportStream[];
  /** The access lists hosts and locations name: written out inline where they are used. */
  accessLists?: readonly AccessListConfig[];
}

/**
 * The configuration text plus the files it refers to (htpasswd users, upstream CA
 * certificates) by absolute path under the prefix; the caller writes them next to it.
 */
export interface ExportBundle {
  config: string;
  files: Record<string, string>;
}

function httpBody(input: ExportInput, settings: z.output<typeof GlobalSettings>, ctx: ExportContext): NginxNode[] {
  const hosts = input.hosts.map((h) => withAccessListsInline(HostInput.parse(h), input.accessLists));
  const pools = input.pools.map((p) => PoolInput.parse(p));
  // What the http level sets, as seen by servers (Portico talks HTTP/1.1 to upstreams).
  const http: Groups = new Map([
    ['proxy_http_version', [node('proxy_http_version', '1.1')]],
    ['server_tokens', [node('server_tokens', settings.serverTokens ? 'on' : 'off')]],
  ]);
  const body: NginxNode[] = [...http.values()].flat();
  if (settings.trustedProxies.length > 0) {
    body.push(...settings.trustedProxies.map((p) => node('set_real_ip_from', p)));
    body.push(node('real_ip_header', settings.realIpHeader), node('real_ip_recursive', settings.realIpRecursive ? 'on' : 'off'));
  }
  const buffers = settings.headerBuffers;
  if (buffers.count !== 4 || buffers.sizeBytes !== 8192) body.push(node('large_client_header_buffers', String(buffers.count), formatSize(buffers.sizeBytes, false)));
  if (settings.underscoresInHeaders) body.push(node('underscores_in_headers', 'on'));
  if (!settings.ignoreInvalidHeaders) body.push(node('ignore_invalid_headers', 'off'));
  for (const zone of input.cacheZones) body.push(cachePathNode(CacheZoneInput.parse(zone), ctx.prefix));
  for (const zone of input.limitZones) body.push(limitZoneNode(LimitZoneInput.parse(zone)));
  // A pool only streams use is a stream upstream only (nginx keeps the two apart).
  const locationPools = new Set(hosts.flatMap((h) => h.locations.flatMap((l) => (l.action.kind === 'proxy' && l.action.poolId ? [l.action.poolId] : []))));
  const withIds = pools.map((p, i) => ({ ...p, id: input.pools[i]!.id }));
  const streamPools = new Set((input.streams ?? []).flatMap((s) => [s.poolId, ...(s.sni ?? []).map((r) => r.poolId)].flatMap((id) => streamPool(id, withIds)?.name ?? [])));
  for (const pool of withIds) {
    const byLocation = locationPools.has(pool.name) || (pool.id !== undefined && locationPools.has(pool.id));
    if (!streamPools.has(pool.name) || byLocation) body.push(upstreamNode(pool));
  }

  // The configuration's own maps (settings.maps), before the servers that read them.
  const storedMaps = settings.maps.map(variableMapNode);
  const storedUpgrade = settings.maps.find((m) => m.variable === ctx.upgradeVariable);
  if (storedUpgrade && !isUpgradeVariableMap(storedUpgrade)) ctx.upgradeVariable = 'portico_connection_upgrade';

  const servers: NginxNode[] = [];
  for (const entrypoint of ['http', 'https'] as const) {
    const used = hosts.some((h) => h.enabled && h.entrypoints.includes(entrypoint)) || (entrypoint === 'http' && hosts.length === 0);
    const claimed = hosts.some((h) => h.enabled && h.defaultServer && h.entrypoints.includes(entrypoint));
    if (used && !claimed) servers.push(catchAllServer(entrypoint, settings.unknownHost, ctx));
  }
  for (const host of hosts) servers.push(...hostServers(host, http, ctx));

  if (ctx.usesWebSocket && !settings.maps.some((m) => m.variable === ctx.upgradeVariable)) {
    ctx.maps.unshift(blockNode('map', ['$http_upgrade', `$${ctx.upgradeVariable}`], [node('default', 'upgrade'), node('', 'close')]));
  }
  return [...body, ...storedMaps, ...ctx.maps, ...servers];
}

function fullConfig(body: NginxNode[], stream: NginxNode | null, ctx: ExportContext, options: ExportOptions): NginxNode[] {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => node(`${kind}_temp_path`, `${ctx.prefix}/${kind}_temp`));
  const mime = options.mimeTypes ?? '/etc/nginx/mime.types';
  return [
    // Debian builds the stream module as a dynamic module (package libnginx-mod-stream).
    ...(stream ? [node('load_module', options.streamModule ?? 'modules/ngx_stream_module.so')] : []),
    node('worker_processes', 'auto'),
    node('error_log', `${ctx.prefix}/error.log`),
    node('pid', `${ctx.prefix}/nginx.pid`),
    blockNode('events', [], [node('worker_connections', '1024')]),
    blockNode('http', [], [
      ...(mime ? [node('include', mime)] : []),
      node('default_type', 'application/octet-stream'),
      node('access_log', ctx.accessLogPath),
      ...temp,
      ...body,
    ]),
    ...(stream ? [stream] : []),
  ];
}

/** nginx configuration and the files it needs (see ExportBundle). */
export function exportNginxBundle(input: ExportInput, options: ExportOptions = {}): ExportBundle {
  const settings = GlobalSettings.parse(input.settings);
  const pools = input.pools.map((p) => ({ ...PoolInput.parse(p), ...(p.id === undefined ? {} : { id: p.id }) }));
  const ctx = new ExportContext(options, pools, settings.serverTokens);
  ctx.proxyProtocol = settings.proxyProtocol;
  const body = httpBody(input, settings, ctx);
  const stream = streamBlock(input.streams ?? [], pools);
  const httpMode = stream ? [...body, commentNode('portico: the stream block goes at the top level of nginx.conf, outside http'), stream] : body;
  const nodes = options.mode === 'full' ? fullConfig(body, stream, ctx, options) : httpMode;
  const header = commentNode('Generated by Portico from its configuration; see docs for what nginx cannot express.');
  return { config: renderNginx([header, ...nodes]), files: ctx.files };
}

/**
 * Portico's configuration as nginx configuration text: with `mode: 'http'` (default) the
 * body of an http block, with `mode: 'full'` a complete nginx.conf under `prefix`.
 * Files it refers to (htpasswd) are returned by exportNginxBundle.
 */
export function exportNginx(input: ExportInput, options: ExportOptions = {}): string {
  return exportNginxBundle(input, options).config;
}
