// nginx's error_page: an error answer (a status page Portico makes: `return 404;`, a
// missing file, a failed upstream, a refused request; or an upstream status the location
// intercepts) is replaced by an internal redirect to a URI (as GET), a named location, or
// a redirect to a URL. Without "=" the final answer keeps the original status, "=code"
// sets it, "=" alone lets the target decide. One error page per request unless
// recursive_error_pages is on (nginx sets the mark as soon as a level with rules sees an error).
import type { ErrorPageRule } from '../../core/config/error-page-rules.ts';
import { sendRedirect } from '../http/respond.ts';
import { compileTemplate } from '../http/variables.ts';
import { encodePathBytes, utf8Bytes } from '../../core/config/normalize-uri.ts';
import type { ErrorPageHandler, Template } from '../runtime/types.ts';
import { internalRedirect, MAX_LOCATION_CYCLES, runNamedLocation } from './handler.ts';

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

export function compileErrorPages(rules: readonly ErrorPageRule[] | undefined, recursive: boolean): ErrorPageHandler | null {
  if (!rules || rules.length === 0) return null;
  const byStatus = new Map<number, { rule: ErrorPageRule; target: Template }>();
  for (const rule of rules) {
    // Bytes, one char each, like the $uri and captures it may hold.
    const target = compileTemplate(utf8Bytes(rule.target));
    // As nginx, the first rule naming a status takes it.
    for (const code of rule.codes) if (!byStatus.has(code)) byStatus.set(code, { rule, target });
  }
  return (ctx, status) => {
    // nginx stops redirecting once the request has used up its URI changes (the 500 of a cycle).
    if (ctx.errorPageTried || ctx.internalRedirects > MAX_LOCATION_CYCLES) return false;
    if (!recursive) ctx.errorPageTried = true;
    const entry = byStatus.get(status);
    if (!entry) return false;
    const { response } = entry.rule;
    const target = entry.target(ctx);
    if (target.startsWith('/') || target.startsWith('@')) {
      ctx.errorPageStatus = response === undefined ? status : response === 'target' ? undefined : response;
      if (target.startsWith('@')) runNamedLocation(ctx, target);
      else {
        // nginx sends the error page's request as GET (HEAD stays HEAD).
        if (ctx.method !== 'HEAD') ctx.method = 'GET';
        internalRedirect(ctx, errorPageUri(target));
      }
      return true;
    }
    ctx.errorPageStatus = undefined;
    const redirect = typeof response === 'number' && REDIRECT_CODES.has(response) ? response : 302;
    sendRedirect(ctx, redirect, target);
    return true;
  };
}

/**
 * nginx splits an error page's URI at its first "?" (ngx_http_split_args) and redirects to
 * the path as it is, never decoded: its bytes ($uri's, captures', typed text's) are the new
 * $uri. Portico's internal redirect reads a request target, so the path is spelt canonically
 * first ("%" → "%25", "#" → "%23", …), which reads back as the same bytes.
 */
function errorPageUri(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? encodePathBytes(target) : `${encodePathBytes(target.slice(0, q))}${target.slice(q)}`;
}

/** proxy_intercept_errors: the upstream statuses (≥ 300) an error page rule names. */
export function compileIntercepts(enabled: boolean | undefined, rules: readonly ErrorPageRule[] | undefined): ((status: number) => boolean) | null {
  if (!enabled || !rules || rules.length === 0) return null;
  const codes = new Set(rules.flatMap((r) => r.codes));
  return (status) => status >= 300 && codes.has(status);
}
