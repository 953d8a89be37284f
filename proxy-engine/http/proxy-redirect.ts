// proxy_redirect: rewrite Location and Refresh headers of proxied responses, as nginx.
// Rules are tried in order: a prefix (variables allowed) is replaced, a "~regex" /
// "~*regex" match replaces the whole URL (value-rewrite.ts). "default" replaces the
// proxy_pass URL with the location prefix (or "<url>/" with "/" when proxy_pass has no
// URI part). A rewritten Location that starts with "/" is made
// absolute with the request's scheme, host and port, as nginx's absolute_redirect does
// (a Refresh URL stays as rewritten); values no rule matches pass unchanged.
import type { Policies } from '../../core/config/policies.ts';
import type { CompiledProxy } from '../runtime/types.ts';
import type { RequestContext } from '../runtime/types.ts';
import type { RedirectRewriter } from '../runtime/types.ts';
import { compileTemplate, proxyTargetScope } from './variables.ts';
import { checkRuleVariables, compileValueRewrite, firstRewrite, type ValueRewrite } from './value-rewrite.ts';

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
  const list = setting === undefined || setting === 'default' ? ['default' as const] : setting;
  // $proxy_host / $proxy_port in a rule are the proxy_pass target's (nginx).
  const scope = proxyTargetScope(action);
  const rules: ValueRewrite[] = [];
  for (const [i, rule] of list.entries()) {
    if (rule !== 'default') checkRuleVariables(`policies.proxyRedirect.${i}`, [rule.from.startsWith('~') ? '' : rule.from, rule.to]);
    if (rule !== 'default') rules.push(compileValueRewrite(rule.from, rule.to, scope));
    else {
      const fallback = defaultRule(action, locationPrefix);
      if (fallback) rules.push(fallback);
    }
  }
  if (rules.length === 0) return null;
  return (value, ctx, header) => {
    // Refresh: "5; url=http://…" — the URL part is rewritten. (A Location may contain
    // "url=" in its query: only Refresh is parsed.)
    const urlStart = header === 'refresh' ? value.toLowerCase().indexOf('url=') : -1;
    const prefix = urlStart >= 0 ? value.slice(0, urlStart + 4) : '';
    const target = urlStart >= 0 ? value.slice(urlStart + 4) : value;
    const replaced = firstRewrite(rules, target, ctx);
    if (replaced === null) return value;
    return prefix + (header === 'location' && replaced.startsWith('/') ? absoluteRedirect(ctx, replaced) : replaced);
  };
}

/** "default": the proxy_pass URL becomes the location prefix (or "<url>/" becomes "/" without a URI part). */
function defaultRule(action: CompiledProxy, locationPrefix: string | null): ValueRewrite | null {
  const base = `${action.scheme}://${action.proxyHost}`;
  if (action.uri === null) return literalPrefix(`${base}/`, '/');
  return locationPrefix === null ? null : literalPrefix(base + action.uri, locationPrefix);
}

function literalPrefix(from: string, to: string): ValueRewrite {
  const replacement = compileTemplate(to);
  return (value, ctx) => (value.startsWith(from) ? replacement(ctx) + value.slice(from.length) : null);
}
