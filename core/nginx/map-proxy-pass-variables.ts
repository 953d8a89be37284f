// `proxy_pass http://$backend$request_uri;` → a proxy action with a `target` evaluated per
// request (core/config/proxy-target.ts says how). The host part may name an upstream
// block or an IP address; a host name needs nginx's `resolver`, which Portico has not:
// such a request is answered 502, as nginx without a resolver answers it.
import net from 'node:net';
import { ProxyTarget } from '../config/proxy-target.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import type { z } from 'zod';
import type { ProxyAction } from '../config/location.ts';
import type { Scope } from './scope.ts';
import { unknownVariables } from './variables.ts';

/** The literal host at the start of a target, when it has one ("backend$request_uri" → "backend"). */
function literalHost(target: string): string | null {
  const m = /^([^$:/?[]+)(?=$|[:/?$])/.exec(target);
  if (!m) return null;
  // "backend$x" is a longer name unless $x starts with "/" or "?" (a URI variable).
  const rest = target.slice(m[1]!.length);
  return rest.startsWith('$') && !/^\$\{?(request_uri|uri|document_uri|is_args)\b/.test(rest) ? null : m[1]!;
}

export function mapVariableProxyPass(d: NginxDirective, ctx: ImportContext, scope: Scope): z.output<typeof ProxyAction> | null {
  const url = d.args[0] ?? '';
  const match = /^(https?):\/\/(.+)$/i.exec(url);
  if (!match) {
    ctx.warn(d, 'unsupported', `"${url}": a proxy_pass with variables must start with http:// or https:// in Portico; location not imported`);
    return null;
  }
  const target = match[2]!;
  const unknown = unknownVariables(target, ctx.extraVariables);
  if (unknown.length > 0) {
    ctx.warn(d, 'unsupported', `$${unknown[0]} in proxy_pass is not a variable Portico knows (set by map/set or a module); location not imported`);
    return null;
  }
  const parsed = ProxyTarget.safeParse(target);
  if (!parsed.success) {
    ctx.warn(d, 'unsupported', `"${url}": ${parsed.error.issues[0]?.message ?? 'invalid'}; location not imported`);
    return null;
  }
  const resolver = scope.value('resolver');
  if (resolver) {
    ctx.use(resolver);
    ctx.warn(d, 'unsupported', 'Portico has no resolver: a host name chosen by variables is answered 502 (as nginx without "resolver"); upstream names and IP addresses are proxied');
  } else {
    const host = literalHost(target);
    if (host !== null && !ctx.pools.has(host.toLowerCase()) && net.isIP(host.replace(/^\[|\]$/g, '')) === 0) {
      ctx.warn(d, 'note', `"${host}" is neither an upstream nor an address: nginx without a resolver answers 502 ("no resolver defined"), and so does Portico`);
    }
  }
  return { kind: 'proxy', scheme: match[1]!.toLowerCase() as 'http' | 'https', target, uri: null, keepEncodedSlashes: false };
}
