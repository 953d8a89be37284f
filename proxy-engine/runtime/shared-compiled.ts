// Compiled pieces that locations of one compile share when their settings are equal.
// Ten thousand hosts proxying "/" to the same pool each compiled their own proxy_redirect
// "default" rule (≈ 620 bytes: the rule, its template and two closures) although every
// one was the same function. The table lives for one compile: nothing outlives the
// revision that made it.
import type { Policies } from '../../core/config/policies.ts';
import { compileProxyRedirect } from '../http/proxy-redirect.ts';
import type { CompiledProxy, RedirectRewriter } from './types.ts';

export class SharedCompiled {
  readonly #redirects = new Map<string, RedirectRewriter | null>();

  /** The rewriter for this key, compiled once per compile. */
  redirect(key: string, compile: () => RedirectRewriter | null): RedirectRewriter | null {
    if (this.#redirects.has(key)) return this.#redirects.get(key)!;
    const rewriter = compile();
    this.#redirects.set(key, rewriter);
    return rewriter;
  }
}

/**
 * proxy_redirect of a location. "default" (set or implied) depends only on the target's
 * scheme, $proxy_host, URI part and the location prefix, so equal ones are one function;
 * rules of their own (variables, regexes) are compiled per location as before.
 */
export function sharedProxyRedirect(
  setting: Policies['proxyRedirect'],
  action: CompiledProxy,
  locationPrefix: string | null,
  shared: SharedCompiled | undefined,
): RedirectRewriter | null {
  const compile = () => compileProxyRedirect(setting, action, locationPrefix);
  if (!shared || (setting !== undefined && setting !== 'default')) return compile();
  return shared.redirect(JSON.stringify([action.scheme, action.proxyHost, action.uri, locationPrefix]), compile);
}
