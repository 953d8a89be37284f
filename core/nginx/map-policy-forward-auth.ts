// auth_request URI + auth_request_set → the forward-auth policy. nginx's subrequest goes
// through the location the URI selects (usually `location = /auth { internal; proxy_pass
// …; proxy_set_header …; }`): its proxy_pass gives the auth service and the path, its
// proxy_set_header list the auth request's headers. That location is imported as it is
// too (an internal location), so the configuration still reads as it was written.
import type { ForwardAuthPolicy } from '../config/forward-auth.ts';
import { HeaderName } from '../config/primitives.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { mapProxyPass } from './map-proxy-pass.ts';
import { parseDurationMs } from './nginx-values.ts';
import { Scope } from './scope.ts';

/** The location an auth_request URI selects: an exact one, else the longest literal prefix. */
function authLocation(server: Scope, uri: string): Scope | null {
  let best: { scope: Scope; length: number; exact: boolean } | null = null;
  const visit = (scope: Scope) => {
    for (const d of scope.own('location')) {
      const [first, second] = d.args;
      const inner = new Scope('location', d.block ?? [], scope);
      if (first === '=' && second === uri) best = { scope: inner, length: uri.length, exact: true };
      const prefix = first === '^~' ? second : d.args.length === 1 ? first : undefined;
      if (prefix !== undefined && !prefix.startsWith('@') && uri.startsWith(prefix) && !best?.exact && (best?.length ?? -1) < prefix.length) {
        best = { scope: inner, length: prefix.length, exact: false };
      }
      visit(inner);
    }
  };
  visit(server);
  return (best as { scope: Scope } | null)?.scope ?? null;
}

const defaults = (): Omit<ForwardAuthPolicy, 'enabled'> => ({ preset: 'custom', scheme: 'http', path: '/', requestHeaders: [], copyHeaders: [], variables: [], deniedAnswer: 'status', timeoutMs: 60000 });
/** Fails closed: nothing listens on port 1, so every request is answered 500 until an auth service is set. */
const NOWHERE = '127.0.0.1:1';

export function mapForwardAuth(scope: Scope, ctx: ImportContext): ForwardAuthPolicy | undefined {
  const d = scope.value('auth_request');
  if (!d) return undefined;
  ctx.use(d);
  const uri = d.args[0] ?? '';
  if (uri === 'off') return { ...defaults(), enabled: false };
  const server = scope.nearest('server');
  const target = server ? authLocation(server, uri.split('?')[0]!) : null;
  const proxyPass = target?.own('proxy_pass')[0];
  if (!target || !proxyPass) {
    ctx.warn(d, 'unsupported', `no location with proxy_pass answers "${uri}" in this server; Portico asks an auth service by proxy_pass only, so the location answers 500 until one is set`);
    return { ...defaults(), enabled: true, address: NOWHERE, variables: variablesOf(scope, ctx) };
  }
  // Parsed without touching the warnings: the auth location's own import reports on it.
  const proxy = mapProxyPass(proxyPass, ctx, true, target);
  if (!proxy || proxy.target) {
    ctx.warn(d, 'unsupported', `the proxy_pass of "${uri}"'s location cannot be an auth service (it must name an address or an upstream); the location answers 500`);
    return { ...defaults(), enabled: true, address: NOWHERE, variables: variablesOf(scope, ctx) };
  }
  // The auth request never carries the body: "off" says what Portico does anyway.
  for (const body of target.own('proxy_pass_request_body')) if (body.args[0] === 'off') ctx.use(body);
  const requestHeaders = target.find('proxy_set_header').flatMap((h) => {
    const name = h.args[0] ?? '';
    // `Content-Length ""` keeps nginx from announcing a body it does not send; Portico never does.
    if (name.toLowerCase() === 'content-length' && (h.args[1] ?? '') === '') return [];
    return HeaderName.safeParse(name).success ? [{ name, value: h.args[1] ?? '' }] : [];
  });
  // One timeout for the auth request: the auth location's read timeout (its connect
  // timeout, when shorter, is what a dead service costs; the longer of the two bounds both).
  const times = ['proxy_connect_timeout', 'proxy_read_timeout'].map((name) => {
    const t = target.value(name);
    return t ? parseDurationMs(t.args[0] ?? '', 'msec') : null;
  });
  const timeoutMs = Math.max(...times.map((t) => t ?? 0)) || 60000;
  return {
    ...defaults(),
    enabled: true,
    timeoutMs,
    scheme: proxy.scheme,
    ...(proxy.poolId ? { poolId: proxy.poolId } : { address: proxy.address! }),
    path: proxy.uri ?? uri,
    requestHeaders,
    variables: variablesOf(scope, ctx),
  };
}

function variablesOf(scope: Scope, ctx: ImportContext): ForwardAuthPolicy['variables'] {
  const out: ForwardAuthPolicy['variables'] = [];
  for (const d of scope.find('auth_request_set')) {
    ctx.use(d);
    const name = (d.args[0] ?? '').replace(/^\$/, '');
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) out.push({ name, value: d.args[1] ?? '' });
    else ctx.warn(d as NginxDirective, 'unsupported', `"${d.args[0] ?? ''}" is not a variable name; not imported`);
  }
  return out;
}
