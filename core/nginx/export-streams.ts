// Streams → a top-level `stream {}` block: the pools streams send to as stream upstreams
// (without the HTTP keep-alive directives nginx's stream module does not have), the
// connection limit zones the streams use, and one `server` per stream. Importing the
// result gives back the same streams and pools (stream names come back as tcp-PORT).
import type { z } from 'zod';
import type { PoolInput } from '../config/pool.ts';
import { STREAM_DEFAULTS, StreamInput } from '../config/stream.ts';
import { type NginxNode, blockNode, commentNode, node } from './config-writer.ts';
import { upstreamNode } from './export-upstreams.ts';
import { formatDuration } from './nginx-values.ts';

type Pool = z.output<typeof PoolInput> & { id?: string };
export type ExportStream = z.input<typeof StreamInput> & { id?: string };

/** Zone names the exported limits use (nginx needs a zone per key). */
export const STREAM_LIMIT_ZONES = { perClient: 'stream_per_client', total: 'stream_total' } as const;

const HTTP_ONLY = new Set(['keepalive', 'keepalive_timeout', 'keepalive_requests']);

/** The pool a stream names, by id (a snapshot) or by name (an import plan). */
export function streamPool(poolId: string | null | undefined, pools: readonly Pool[]): Pool | undefined {
  if (!poolId) return undefined;
  return pools.find((p) => p.id === poolId) ?? pools.find((p) => p.name === poolId);
}

function streamUpstream(pool: Pool): NginxNode {
  const upstream = upstreamNode(pool);
  return { ...upstream, block: upstream.block?.filter((n) => !HTTP_ONLY.has(n.name)) };
}

/** ssl_preread: a map from the ClientHello's name to the target, which proxy_pass reads. */
function sniMap(stream: z.output<typeof StreamInput>, pools: readonly Pool[], fallback: string | null): { variable: string; map: NginxNode } {
  const variable = `$portico_sni_${stream.listenPort}`;
  const entries: NginxNode[] = [];
  if (stream.sni.some((r) => r.serverNames.some((n) => n.startsWith('*.')))) entries.push(node('hostnames'));
  for (const route of stream.sni) {
    const target = route.poolId ? (streamPool(route.poolId, pools)?.name ?? route.poolId) : route.address!;
    for (const name of route.serverNames) entries.push(node(name, target));
  }
  if (fallback !== null) entries.push(node('default', fallback));
  return { variable, map: blockNode('map', ['$ssl_preread_server_name', variable], entries) };
}

function streamServer(stream: z.output<typeof StreamInput>, pool: Pool | undefined, pools: readonly Pool[], maps: NginxNode[]): NginxNode[] {
  if (stream.poolId !== null && !pool) return [commentNode(`portico: stream ${stream.name} names a pool that does not exist; not exported`)];
  if (stream.tls.terminate) return [commentNode(`portico: stream ${stream.name} (port ${stream.listenPort}) terminates TLS with a certificate from Portico's store; nginx needs listen ${stream.listenPort} ssl with ssl_certificate (not exported)`)];
  if (stream.listenPort === null) return [commentNode(`portico: stream ${stream.name} passes TLS names through on the HTTPS entrypoint; nginx needs ssl_preread on port 443 for it (not exported)`)];
  const listenFlags = [...(stream.protocol === 'udp' ? ['udp'] : []), ...(stream.proxyProtocol.accept ? ['proxy_protocol'] : [])];
  const body: NginxNode[] = [node('listen', String(stream.listenPort), ...listenFlags)];
  for (const source of stream.proxyProtocol.trustedFrom) body.push(node('set_real_ip_from', source));
  // The pool's own proxyProtocol applies to a stream too; nginx's stream module writes v1 only.
  const poolProxyProtocol = pool?.proxyProtocol ?? 'off';
  if (stream.proxyProtocol.send || poolProxyProtocol !== 'off') body.push(node('proxy_protocol', 'on'));
  if (poolProxyProtocol === 'v2') body.push(commentNode(`portico: pool ${pool!.name} sends PROXY protocol v2; nginx's stream module sends version 1`));
  const fallback = pool ? pool.name : stream.address;
  if (stream.sni.length > 0) {
    const { variable, map } = sniMap(stream, pools, fallback);
    maps.push(map);
    body.push(node('ssl_preread', 'on'), node('proxy_pass', variable));
  } else body.push(node('proxy_pass', fallback!));
  if (stream.connectTimeoutMs !== STREAM_DEFAULTS.connectTimeoutMs) body.push(node('proxy_connect_timeout', formatDuration(stream.connectTimeoutMs, 'msec')));
  if (stream.idleTimeoutMs !== STREAM_DEFAULTS.idleTimeoutMs) body.push(node('proxy_timeout', formatDuration(stream.idleTimeoutMs, 'msec')));
  if (!stream.nextUpstream) body.push(node('proxy_next_upstream', 'off'));
  if (stream.responses !== null) body.push(node('proxy_responses', String(stream.responses)));
  if (stream.nextUpstreamTries !== 0) body.push(node('proxy_next_upstream_tries', String(stream.nextUpstreamTries)));
  for (const rule of stream.access) body.push(node(rule.action, rule.source));
  if (stream.limits.perClient !== 0) body.push(node('limit_conn', STREAM_LIMIT_ZONES.perClient, String(stream.limits.perClient)));
  if (stream.limits.total !== 0) body.push(node('limit_conn', STREAM_LIMIT_ZONES.total, String(stream.limits.total)));
  if (!stream.enabled) return [commentNode(`portico: stream ${stream.name} (port ${stream.listenPort}) is disabled; not exported`)];
  return [commentNode(`portico: stream ${stream.name}`), blockNode('server', [], body)];
}

/** The `stream {}` block, or null when there are no streams. */
export function streamBlock(input: readonly ExportStream[], pools: readonly Pool[]): NginxNode | null {
  if (input.length === 0) return null;
  const streams = input.map((s) => StreamInput.parse(s));
  const body: NginxNode[] = [];
  const used = new Map<string, Pool>();
  for (const s of streams) {
    for (const poolId of [s.poolId, ...s.sni.map((r) => r.poolId)]) {
      const pool = streamPool(poolId, pools);
      if (pool) used.set(pool.name, pool);
    }
  }
  for (const pool of used.values()) body.push(streamUpstream(pool));
  if (streams.some((s) => s.enabled && s.limits.perClient !== 0)) body.push(node('limit_conn_zone', '$binary_remote_addr', `zone=${STREAM_LIMIT_ZONES.perClient}:10m`));
  if (streams.some((s) => s.enabled && s.limits.total !== 0)) body.push(node('limit_conn_zone', '$server_port', `zone=${STREAM_LIMIT_ZONES.total}:1m`));
  const maps: NginxNode[] = [];
  const servers = streams.flatMap((s) => streamServer(s, streamPool(s.poolId, pools), pools, maps));
  body.push(...maps, ...servers);
  return blockNode('stream', [], body);
}
