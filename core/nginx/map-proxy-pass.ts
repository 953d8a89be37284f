// proxy_pass → a proxy action: an upstream block becomes a pool reference (by name),
// anything else an address. The URI part follows nginx: none → the request URI is
// passed unchanged (uri null); any, even "/" → it replaces the matched location prefix.
import type { z } from 'zod';
import type { ProxyAction } from '../config/location.ts';
import { UpstreamAddress } from '../config/primitives.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { variablesIn } from './variables.ts';
import { mapVariableProxyPass } from './map-proxy-pass-variables.ts';
import type { Scope } from './scope.ts';

export type Proxy = z.output<typeof ProxyAction>;

interface Target {
  host: string;
  port: number | null;
  unixPath: string | null;
  uri: string | null;
}

function splitTarget(rest: string): Target | null {
  if (rest.startsWith('unix:')) {
    // http://unix:/path/to.sock:/uri — the socket path ends at the next ":".
    const colon = rest.indexOf(':', 5);
    const path = colon === -1 ? rest.slice(5) : rest.slice(5, colon);
    const uri = colon === -1 ? null : rest.slice(colon + 1);
    return { host: '', port: null, unixPath: path, uri: uri === null || uri === '' ? null : uri };
  }
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const uri = slash === -1 ? null : rest.slice(slash);
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(authority);
  if (v6) return { host: `[${v6[1]}]`, port: v6[2] === undefined ? null : Number(v6[2]), unixPath: null, uri };
  const hostPort = /^([^:]+)(?::(\d+))?$/.exec(authority);
  if (!hostPort) return null;
  return { host: hostPort[1]!, port: hostPort[2] === undefined ? null : Number(hostPort[2]), unixPath: null, uri };
}

/**
 * Maps `proxy_pass URL`. `uriAllowed` is false in regex locations (and locations nested in
 * them), where nginx refuses a URI part. Returns null (with a warning) when it cannot map.
 */
export function mapProxyPass(d: NginxDirective, ctx: ImportContext, uriAllowed: boolean, scope: Scope): Proxy | null {
  ctx.use(d);
  const url = d.args[0] ?? '';
  // With variables nginx allows a URI part in regex locations too: it is sent as evaluated.
  if (variablesIn(url).length > 0) return mapVariableProxyPass(d, ctx, scope);
  const match = /^(https?):\/\/(.+)$/i.exec(url);
  const target = match ? splitTarget(match[2]!) : null;
  if (!match || !target) {
    ctx.warn(d, 'unsupported', `"${url}" is not an http:// or https:// address; location not imported`);
    return null;
  }
  const scheme = match[1]!.toLowerCase() as 'http' | 'https';
  let uri = target.uri;
  if (uri !== null && /[?#\s]/.test(uri)) {
    ctx.warn(d, 'unsupported', 'a proxy_pass URI with a query string is not supported; location not imported');
    return null;
  }
  if (uri !== null && !uriAllowed) {
    ctx.warn(d, 'unsupported', 'nginx refuses a URI part in proxy_pass inside a regex location; the URI part is dropped');
    uri = null;
  }

  const pool = target.unixPath === null ? ctx.pools.get(target.host.toLowerCase()) : undefined;
  if (pool !== undefined) {
    if (target.port !== null) {
      ctx.warn(d, 'unsupported', `upstream "${target.host}" may not have a port in proxy_pass (nginx refuses it); the port is dropped`);
    }
    return { kind: 'proxy', scheme, poolId: pool, uri, keepEncodedSlashes: false };
  }
  const address = target.unixPath !== null ? `unix:${target.unixPath}` : `${target.host}:${target.port ?? (scheme === 'https' ? 443 : 80)}`;
  if (!UpstreamAddress.safeParse(address).success) {
    ctx.warn(d, 'unsupported', `"${address}" is not an address Portico can connect to; location not imported`);
    return null;
  }
  return { kind: 'proxy', scheme, address, uri, keepEncodedSlashes: false };
}
