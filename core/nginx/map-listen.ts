// listen and server_name → entrypoints, default-server flags and server names.
// Portico has two entrypoints: "http" (plain) and "https" (TLS, HTTP/2 included).
import { type Entrypoint, ServerName } from '../config/host.ts';
import { pcreToJs } from '../config/regex-safety.ts';
import type { ImportContext } from './import-context.ts';
import { flagArg } from './map-values.ts';
import { splitParam } from './nginx-values.ts';
import type { Scope } from './scope.ts';

export interface Listening {
  entrypoints: Entrypoint[];
  /** Entrypoints on which a listen says default_server. */
  defaults: Entrypoint[];
}

const IGNORED_PARAMS = new Set(['reuseport', 'deferred', 'bind', 'backlog', 'rcvbuf', 'sndbuf', 'ipv6only', 'so_keepalive', 'fastopen', 'accept_filter', 'setfib']);

function portOf(address: string): number | null {
  if (/^\d+$/.test(address)) return Number(address);
  const v6 = /^\[[^\]]*\](?::(\d+))?$/.exec(address);
  if (v6) return v6[1] === undefined ? 80 : Number(v6[1]);
  const hostPort = /^[^:]+:(\d+)$/.exec(address);
  if (hostPort) return Number(hostPort[1]);
  return /^[^:]+$/.test(address) ? 80 : null;
}

export function mapListen(scope: Scope, ctx: ImportContext): Listening {
  const sslOn = scope.value('ssl');
  const legacySsl = (sslOn && flagArg(sslOn, ctx)) ?? false;
  if (sslOn) ctx.warn(sslOn, 'note', '"ssl on" is deprecated in nginx; its listen sockets are imported as the https entrypoint');
  const http2 = scope.value('http2');
  ctx.use(http2);

  const entrypoints = new Set<Entrypoint>();
  const defaults = new Set<Entrypoint>();
  const listens = scope.own('listen');
  for (const d of listens) {
    ctx.use(d);
    const [address = '', ...params] = d.args;
    if (address.startsWith('unix:')) {
      ctx.warn(d, 'unsupported', 'listening on a unix socket is not supported; Portico listens on its http and https ports');
      continue;
    }
    const port = portOf(address);
    if (port === null) {
      ctx.warn(d, 'unsupported', `invalid listen address "${address}" (ignored)`);
      continue;
    }
    const names = params.map((p) => splitParam(p).key);
    const entrypoint: Entrypoint = names.includes('ssl') || legacySsl ? 'https' : 'http';
    entrypoints.add(entrypoint);
    if (names.includes('default_server') || names.includes('default')) defaults.add(entrypoint);
    const notes: string[] = [];
    if (port !== (entrypoint === 'https' ? 443 : 80)) {
      notes.push(`port ${port} is served on Portico's ${entrypoint} entrypoint (PORTICO_${entrypoint.toUpperCase()}_PORT)`);
    }
    if (names.includes('proxy_protocol')) {
      ctx.proxyProtocolEntrypoints.add(entrypoint);
      notes.push(`Portico requires the PROXY protocol header on its whole ${entrypoint} entrypoint (settings.proxyProtocol)`);
    }
    if (names.includes('quic') || names.includes('http3')) notes.push('HTTP/3 is not supported (HTTP/1.1 and HTTP/2 are)');
    const ignored = names.filter((n) => IGNORED_PARAMS.has(n));
    if (ignored.length > 0) notes.push(`socket options ${ignored.join(', ')} are not needed in Portico`);
    if (notes.length > 0) ctx.warn(d, 'note', notes.join('; '));
  }
  // No (usable) listen: nginx listens on *:80.
  if (entrypoints.size === 0) entrypoints.add(legacySsl ? 'https' : 'http');
  return { entrypoints: [...entrypoints].sort(), defaults: [...defaults].sort() };
}

/** Valid, normalised, de-duplicated server names; `_`, "" and invalid names are left out. */
export function mapServerNames(scope: Scope, ctx: ImportContext): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const d of scope.own('server_name')) {
    ctx.use(d);
    for (const raw of d.args) {
      if (raw === '' || raw === '_') continue;
      if (raw.startsWith('$')) {
        ctx.warn(d, 'unsupported', `server name "${raw}" (a variable) is not supported (dropped)`);
        continue;
      }
      const candidate = raw.startsWith('~') ? `~${pcreToJs(raw.slice(1))}` : raw;
      const parsed = ServerName.safeParse(candidate);
      if (!parsed.success) {
        ctx.warn(d, 'unsupported', `"${raw}" is not a server name Portico accepts (dropped)`);
        continue;
      }
      if (!seen.has(parsed.data)) names.push(parsed.data);
      seen.add(parsed.data);
    }
  }
  return names;
}
