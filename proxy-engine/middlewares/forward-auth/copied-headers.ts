// Headers of the auth service's 2xx answer that the upstream request carries (Traefik's
// authResponseHeaders): proxy_set_header rules whose value is what the service answered
// for this request, so the client's own header of that name never reaches the upstream.
import type { HeaderRule, RequestContext } from '../../runtime/types.ts';
import type { CompiledForwardAuth } from './compiled.ts';

/** Per request: lower-case name → value the auth service granted with. */
const granted = new WeakMap<RequestContext, Map<string, string>>();

export function rememberGrant(ctx: RequestContext, auth: CompiledForwardAuth, rawHeaders: readonly string[]): void {
  if (auth.copyHeaders.length === 0) return;
  const values = new Map<string, string>();
  for (const { name } of auth.copyHeaders) {
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (rawHeaders[i]!.toLowerCase() === name) {
        values.set(name, rawHeaders[i + 1]!);
        break;
      }
    }
  }
  granted.set(ctx, values);
}

/** Rules for the copied names the location's own proxy_set_header rules do not name. */
export function copiedHeaderRules(auth: CompiledForwardAuth, existing: readonly HeaderRule[]): HeaderRule[] {
  return auth.copyHeaders
    .filter(({ name }) => !existing.some((rule) => rule.name === name))
    .map(({ name, display }) => ({ name, display, value: (ctx: RequestContext) => granted.get(ctx)?.get(name) ?? '', remove: false }));
}
