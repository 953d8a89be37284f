// `stream {}` → streams and their pools: each `listen` of a stream `server` is one stream
// (its port, tcp or udp), `proxy_pass` names a stream upstream (a pool) or one address,
// and the stream level's proxy_timeout, proxy_connect_timeout, proxy_responses, allow/deny,
// limit_conn and proxy_next_upstream are inherited by its servers as nginx inherits them.
import type { z } from 'zod';
import type { PoolInput } from '../config/pool.ts';
import { UpstreamAddress } from '../config/primitives.ts';
import { StreamInput } from '../config/stream.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { mapAccess } from './map-policy-access.ts';
import { mapUpstream } from './map-upstream.ts';
import { durationArg, flagArg, integerArg } from './map-values.ts';
import { splitParam } from './nginx-values.ts';
import { Scope } from './scope.ts';
import { soleVariable, variablesIn } from './variables.ts';

type Pool = z.output<typeof PoolInput>;
type Stream = z.output<typeof StreamInput>;

export interface MappedStreams {
  pools: Pool[];
  streams: Stream[];
}

/** limit_conn_zone keys: by client address, or one count for the whole server. */
type LimitKind = 'perClient' | 'total';

function limitKindOf(key: string): LimitKind | null {
  const variable = soleVariable(key);
  if (variable === 'binary_remote_addr' || variable === 'remote_addr') return 'perClient';
  if (variable === 'server_port' || variable === 'server_addr' || variablesIn(key).length === 0) return 'total';
  return null;
}

function mapLimitZones(stream: Scope, ctx: ImportContext): Map<string, LimitKind> {
  const zones = new Map<string, LimitKind>();
  for (const d of stream.own('limit_conn_zone')) {
    ctx.use(d);
    const [key = '', zoneParam = ''] = d.args;
    const name = splitParam(zoneParam).value?.split(':')[0] ?? '';
    const kind = limitKindOf(key);
    if (!name) ctx.warn(d, 'unsupported', 'limit_conn_zone needs zone=name:size (not imported)');
    else if (!kind) ctx.warn(d, 'unsupported', `a stream connection limit keyed by "${key}" is not supported (Portico counts per client address, $binary_remote_addr, or per stream, $server_port); limits using zone "${name}" were not imported`);
    else zones.set(name, kind);
  }
  return zones;
}

/** The port and protocol of one `listen`, or null (warned) when Portico cannot listen that way. */
function mapListen(d: NginxDirective, ctx: ImportContext): { port: number; protocol: 'tcp' | 'udp'; proxyProtocol: boolean; ssl: boolean } | null {
  ctx.use(d);
  const [target = '', ...params] = d.args;
  const port = Number(/^(?:.*:)?(\d+)$/.exec(target)?.[1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    ctx.warn(d, 'unsupported', `"${target}" is not a port Portico can listen on (a unix socket or a port range); not imported`);
    return null;
  }
  const address = target.includes(':') ? target.slice(0, target.lastIndexOf(':')) : '';
  if (address && !['*', '0.0.0.0', '[::]'].includes(address)) ctx.warn(d, 'note', `streams listen on the address Portico binds (PORTICO_BIND_ADDRESS), not only on ${address}`);
  let protocol: 'tcp' | 'udp' = 'tcp';
  let proxyProtocol = false;
  let ssl = false;
  for (const param of params) {
    if (param === 'udp') protocol = 'udp';
    else if (param === 'proxy_protocol') proxyProtocol = true;
    else if (param === 'ssl') ssl = true;
    else if (['reuseport', 'bind', 'so_keepalive=on', 'so_keepalive=off'].includes(param) || param.startsWith('backlog=') || param.startsWith('ipv6only=') || param.startsWith('so_keepalive=')) continue;
    else ctx.warn(d, 'unsupported', `listen parameter "${param}" is not supported on streams yet (ignored)`);
  }
  return { port, protocol, proxyProtocol, ssl };
}

/** `map $ssl_preread_server_name $var { name target; … default target; }`: SNI name → proxy_pass target. */
type SniMap = { entries: { name: string; target: string }[]; fallback: string | null };

function mapSniMaps(stream: Scope, ctx: ImportContext): Map<string, SniMap> {
  const maps = new Map<string, SniMap>();
  for (const d of stream.own('map')) {
    const [source, variable] = d.args;
    if (source !== '$ssl_preread_server_name' || !variable?.startsWith('$')) continue;
    ctx.useTree(d);
    const map: SniMap = { entries: [], fallback: null };
    for (const entry of d.block ?? []) {
      if (entry.name === 'hostnames') continue;
      const target = entry.args[0] ?? '';
      if (entry.name === 'default') map.fallback = target;
      else if (entry.name.startsWith('~')) ctx.warn(entry, 'unsupported', `a regular expression SNI name "${entry.name}" is not supported (Portico matches names and *.domain); not imported`);
      else map.entries.push({ name: entry.name.replace(/^\./, '*.'), target });
    }
    maps.set(variable.slice(1), map);
  }
  return maps;
}

function mapStreamServer(d: NginxDirective, parent: Scope, upstreams: ReadonlyMap<string, string>, limitZones: ReadonlyMap<string, LimitKind>, sniMaps: ReadonlyMap<string, SniMap>, ctx: ImportContext): Stream[] {
  ctx.use(d);
  const scope = new Scope('server', d.block ?? [], parent);
  const proxyPass = scope.own('proxy_pass')[0];
  const listens = scope.own('listen').map((l) => mapListen(l, ctx)).filter((l) => l !== null);
  if (!proxyPass) {
    ctx.warn(d, 'unsupported', 'a stream server without proxy_pass (return, or another content module) is not supported; not imported');
    return [];
  }
  ctx.use(proxyPass);
  const raw = proxyPass.args[0] ?? '';
  // ssl_preread: proxy_pass $var, where a map of $ssl_preread_server_name says where each name goes.
  const sniMap = raw.startsWith('$') ? sniMaps.get(soleVariable(raw) ?? '') : undefined;
  const preread = scope.value('ssl_preread');
  const prereadOn = preread ? flagArg(preread, ctx) === true : false;
  const resolve = (text: string) => {
    const pool = upstreams.get(text.toLowerCase());
    if (pool) return { poolId: pool, address: null };
    return variablesIn(text).length === 0 && /:\d+$/.test(text) && UpstreamAddress.safeParse(text).success ? { poolId: null, address: text } : null;
  };
  const sni: { serverNames: string[]; poolId: string | null; address: string | null }[] = [];
  let target: { poolId: string | null; address: string | null } | null;
  if (sniMap) {
    if (!prereadOn) ctx.warn(proxyPass, 'note', 'without "ssl_preread on" the server name is empty: only the map\'s default applies');
    for (const entry of prereadOn ? sniMap.entries : []) {
      const to = resolve(entry.target);
      if (!to) ctx.warn(proxyPass, 'unsupported', `SNI target "${entry.target}" is neither a stream upstream nor host:port; "${entry.name}" not imported`);
      else {
        const same = sni.find((r) => r.poolId === to.poolId && r.address === to.address);
        if (same) same.serverNames.push(entry.name);
        else sni.push({ serverNames: [entry.name], ...to });
      }
    }
    target = sniMap.fallback === null ? { poolId: null, address: null } : resolve(sniMap.fallback);
  } else target = resolve(raw);
  if (target === null) {
    ctx.warn(proxyPass, 'unsupported', `proxy_pass "${raw}" is neither a stream upstream nor host:port (variables other than an ssl_preread map are not supported); server not imported`);
    return [];
  }
  const poolName = target.poolId;
  const address = target.address;

  const fields: Partial<Stream> = {};
  const timeout = scope.value('proxy_timeout');
  if (timeout) fields.idleTimeoutMs = durationArg(timeout, ctx, 'msec');
  const connect = scope.value('proxy_connect_timeout');
  if (connect) fields.connectTimeoutMs = durationArg(connect, ctx, 'msec');
  const next = scope.value('proxy_next_upstream');
  if (next) fields.nextUpstream = flagArg(next, ctx);
  const tries = scope.value('proxy_next_upstream_tries');
  if (tries) fields.nextUpstreamTries = integerArg(tries, ctx, 0, 1000);
  const responses = scope.value('proxy_responses');
  if (responses) fields.responses = integerArg(responses, ctx, 0, 1_000_000);
  const access = mapAccess(scope, ctx);
  if (access) fields.access = access.rules;
  const limits = { perClient: 0, total: 0 };
  for (const limit of scope.find('limit_conn')) {
    ctx.use(limit);
    const kind = limitZones.get(limit.args[0] ?? '');
    const count = integerArg(limit, ctx, 1, 1_000_000, limit.args[1]);
    if (!kind) ctx.warn(limit, 'unsupported', `limit_conn zone "${limit.args[0] ?? ''}" is not a stream limit_conn_zone Portico imported (ignored)`);
    else if (count !== undefined) limits[kind] = limits[kind] === 0 ? count : Math.min(limits[kind], count);
  }
  // realip in streams: set_real_ip_from (inherited as a list) trusts the PROXY header's address.
  const trustedFrom = scope.find('set_real_ip_from').flatMap((t) => {
    ctx.use(t);
    return t.args[0] ? [t.args[0]] : [];
  });
  const send = scope.value('proxy_protocol');
  const sendHeader = send ? (flagArg(send, ctx) ?? false) : false;
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

  const streams: Stream[] = [];
  for (const listen of listens) {
    const proxyProtocol = { accept: listen.proxyProtocol, trustedFrom, send: sendHeader };
    // listen … ssl: Portico terminates with the certificate of its store that matches the SNI name.
    for (const c of scope.find('ssl_certificate', 'ssl_certificate_key')) ctx.warn(c, 'managed', 'Portico presents the certificate of its store that matches the client\'s SNI name (upload or order it on the Certificates page)');
    const parsed = StreamInput.safeParse({ name: `${listen.protocol}-${listen.port}`, protocol: listen.protocol, listenPort: listen.port, poolId: poolName ?? null, address, limits, proxyProtocol, sni, tls: { terminate: listen.ssl, certificateId: null }, ...defined });
    if (parsed.success) streams.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      ctx.warn(d, 'unsupported', `stream on port ${listen.port} cannot be imported: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    }
  }
  return streams;
}

/**
 * Maps every `stream` block. `httpPools` are the names the http level's upstreams took:
 * nginx keeps stream upstreams apart, Portico has one namespace, so a clash is renamed.
 */
export function mapStreams(blocks: readonly NginxDirective[], httpPools: ReadonlySet<string>, ctx: ImportContext): MappedStreams {
  const out: MappedStreams = { pools: [], streams: [] };
  const ports = new Set<string>();
  for (const block of blocks) {
    ctx.use(block);
    const scope = new Scope('http', block.block ?? [], null);
    const upstreams = new Map<string, string>();
    for (const d of scope.own('upstream')) {
      const pool = mapUpstream(d, ctx);
      if (!pool) continue;
      if (upstreams.has(pool.name.toLowerCase())) {
        ctx.warn(d, 'unsupported', `duplicate upstream "${pool.name}" (nginx refuses it); not imported`);
        continue;
      }
      const taken = (name: string) => httpPools.has(name.toLowerCase()) || out.pools.some((p) => p.name.toLowerCase() === name.toLowerCase());
      let name = pool.name;
      if (taken(name)) {
        name = `${pool.name}-stream`;
        for (let i = 2; taken(name); i++) name = `${pool.name}-stream-${i}`;
        ctx.warn(d, 'note', `an http upstream is also named "${pool.name}": this stream upstream is imported as pool "${name}"`);
      }
      upstreams.set(pool.name.toLowerCase(), name);
      out.pools.push({ ...pool, name });
    }
    const limitZones = mapLimitZones(scope, ctx);
    const sniMaps = mapSniMaps(scope, ctx);
    for (const server of scope.own('server')) {
      for (const stream of mapStreamServer(server, scope, upstreams, limitZones, sniMaps, ctx)) {
        const key = `${stream.protocol}:${stream.listenPort}`;
        if (ports.has(key)) {
          ctx.warn(server, 'unsupported', `a second stream server on ${stream.protocol} port ${stream.listenPort} (nginx refuses duplicate listen); not imported`);
          continue;
        }
        ports.add(key);
        out.streams.push(stream);
      }
    }
  }
  return out;
}
