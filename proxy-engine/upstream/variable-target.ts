// proxy_pass with variables (`proxy_pass http://$backend$request_uri;`), resolved per
// request as nginx's ngx_http_proxy_eval does:
// - the evaluated text is "host[:port][/uri]" (a URI starting with "?" gets a "/");
// - an IP address is connected to directly; a name without a port that is an upstream
//   block's (case-insensitive) is that pool; any other name needs a resolver, which
//   nginx without `resolver` answers with 502 ("no resolver defined to resolve …"), and
//   so does Portico (it has no resolver directive); a "name:port" that a literal proxy_pass
//   elsewhere names (`proxy_pass http://localhost:8080;`, nginx's implicit upstream, looked
//   up by name and port alike) is that address;
// - a URI part is sent exactly as evaluated: no location-prefix replacement, no query
//   added; without one, the request URI passes as with a literal proxy_pass;
// - $proxy_host is the host, with the port unless it is the scheme's default.
import net from 'node:net';
import type { CompiledProxy, RequestContext, TargetResolution, Template } from '../runtime/types.ts';
import type { UpstreamGroup } from './group.ts';

export interface VariableTargetDeps {
  scheme: 'http' | 'https';
  /** Upstream pools by lower-case name. */
  pools: ReadonlyMap<string, UpstreamGroup>;
  /**
   * Lower-case "name:port" of the literal proxy_pass addresses with a host name in the
   * configuration: nginx makes each an upstream a variable may name.
   */
  namedAddresses?: ReadonlySet<string>;
  /** A one-server group for an address ("127.0.0.1:8080", "[::1]:80"), made on first use. */
  addressGroup(address: string, ctx: RequestContext): UpstreamGroup;
}

interface Parsed {
  host: string;
  port: string | null;
  uri: string;
}

/** "host[:port][/uri]" → its parts, or null when nginx's ngx_parse_url would refuse it. */
export function parseEvaluatedTarget(value: string): Parsed | null {
  let hostEnd: number;
  let host: string;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return null;
    host = value.slice(0, close + 1);
    hostEnd = close + 1;
  } else {
    const end = value.search(/[:/?]/);
    hostEnd = end < 0 ? value.length : end;
    host = value.slice(0, hostEnd);
  }
  if (host === '' || host === '[]') return null;
  let rest = value.slice(hostEnd);
  let port: string | null = null;
  if (rest.startsWith(':')) {
    const m = /^:(\d{1,5})(?=[/?]|$)/.exec(rest);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) return null;
    port = m[1]!;
    rest = rest.slice(m[0].length);
  }
  const uri = rest.startsWith('?') ? `/${rest}` : rest;
  return { host, port, uri };
}

// A request line cannot carry these; nginx would send them raw and break the request.
function requestLineSafe(uri: string): string {
  return uri.replace(/[^\x21-\x7e]/g, (c) => (c.charCodeAt(0) > 0xff ? encodeURIComponent(c) : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`));
}

export function compileVariableTarget(template: Template, deps: VariableTargetDeps): (ctx: RequestContext) => TargetResolution {
  const defaultPort = deps.scheme === 'https' ? '443' : '80';
  return (ctx) => {
    const value = template(ctx);
    const parsed = parseEvaluatedTarget(value);
    if (!parsed) return { ok: false, status: 500, reason: `invalid URL "${deps.scheme}://${value}" in proxy_pass` };
    const bare = parsed.host.startsWith('[') ? parsed.host.slice(1, -1) : parsed.host;
    const port = parsed.port ?? defaultPort;
    const proxyHost = port === defaultPort ? parsed.host : `${parsed.host}:${port}`;
    let upstream: UpstreamGroup | undefined;
    if (net.isIP(bare) !== 0) upstream = deps.addressGroup(`${parsed.host}:${port}`, ctx);
    else {
      if (parsed.port === null) upstream = deps.pools.get(bare.toLowerCase());
      const named = `${bare.toLowerCase()}:${port}`;
      if (!upstream && deps.namedAddresses?.has(named)) upstream = deps.addressGroup(named, ctx);
    }
    if (!upstream) return { ok: false, status: 502, reason: `no resolver defined to resolve ${bare}` };
    const proxy: CompiledProxy = {
      kind: 'proxy',
      scheme: deps.scheme,
      upstream,
      uri: null,
      proxyHost,
      exactTarget: parsed.uri === '' ? undefined : requestLineSafe(parsed.uri),
    };
    return { ok: true, proxy, proxyHost, proxyPort: port };
  };
}

