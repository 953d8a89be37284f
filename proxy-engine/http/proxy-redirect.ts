// proxy_redirect: rewrite Location and Refresh headers of proxied responses, as nginx.
// "default" replaces the proxy_pass URL with the location prefix (or "<url>/" with "/"
// when proxy_pass has no URI part). A rewritten Location that starts with "/" is made
// absolute with the request's scheme, host and port, as nginx's absolute_redirect does
// (a Refresh URL stays as rewritten); values no rule matches pass unchanged.
import type { Policies } from '../../core/config/policies.ts';
import type { CompiledProxy } from '../runtime/types.ts';
import type { RequestContext } from '../runtime/types.ts';
import type { RedirectRewriter } from '../runtime/types.ts';
import { compileTemplate } from './variables.ts';

export function absoluteRedirect(ctx: RequestContext, path: string): string {
  // nginx's absolute_redirect, port_in_redirect and server_name_in_redirect (header filter).
  const redirects = ctx.location?.policies.redirects;
  if (redirects?.absolute === false) return path;
  const defaultPort = ctx.scheme === 'https' ? 443 : 80;
  const port = ctx.serverPort === defaultPort || redirects?.portIn === false ? '' : `:${ctx.serverPort}`;
  const host = redirects?.serverNameIn && ctx.hostConfig ? ctx.hostConfig.primaryName : ctx.host;
  return `${ctx.scheme}://${host}${port}${path}`;
}

export function compileProxyRedirect(
  setting: Policies['proxyRedirect'],
  action: CompiledProxy,
  locationPrefix: string | null,
): RedirectRewriter | null {
  if (setting === 'off') return null;
  const base = `${action.scheme}://${action.proxyHost}`;
  const rules =
    setting === undefined || setting === 'default'
      ? action.uri !== null
        ? locationPrefix !== null
          ? [{ from: base + action.uri, to: compileTemplate(locationPrefix) }]
          : []
        : [{ from: `${base}/`, to: compileTemplate('/') }]
      : setting.map((r) => ({ from: r.from, to: compileTemplate(r.to) }));
  if (rules.length === 0) return null;
  return (value, ctx, header) => {
    // Refresh: "5; url=http://…" — the URL part is rewritten. (A Location may contain
    // "url=" in its query: only Refresh is parsed.)
    const urlStart = header === 'refresh' ? value.toLowerCase().indexOf('url=') : -1;
    const prefix = urlStart >= 0 ? value.slice(0, urlStart + 4) : '';
    const target = urlStart >= 0 ? value.slice(urlStart + 4) : value;
    for (const rule of rules) {
      if (target.startsWith(rule.from)) {
        const replaced = rule.to(ctx) + target.slice(rule.from.length);
        return prefix + (header === 'location' && replaced.startsWith('/') ? absoluteRedirect(ctx, replaced) : replaced);
      }
    }
    return value;
  };
}
