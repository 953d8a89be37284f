// error_page and proxy_ignore_headers X-Accel-Redirect (proxy_intercept_errors and
// recursive_error_pages are plain flags: map-values.ts flagIn).
// error_page is inherited as a list: a level with its own replaces the outer ones.
import { ErrorPageRule } from '../config/error-page-rules.ts';
import type { ImportContext } from './import-context.ts';
import type { Scope } from './scope.ts';

export function mapErrorPageRules(scope: Scope, ctx: ImportContext): ErrorPageRule[] | undefined {
  const list = scope.find('error_page');
  if (list.length === 0) return undefined;
  const rules: ErrorPageRule[] = [];
  for (const d of list) {
    ctx.use(d);
    const args = [...d.args];
    const target = args.pop() ?? '';
    let response: ErrorPageRule['response'];
    const last = args[args.length - 1];
    if (last?.startsWith('=')) {
      args.pop();
      response = last === '=' ? 'target' : Number(last.slice(1));
    }
    const codes = args.map(Number);
    const rule = ErrorPageRule.safeParse({ codes, target, ...(response === undefined ? {} : { response }) });
    if (rule.success && codes.every((c) => Number.isInteger(c))) rules.push(rule.data);
    else ctx.warn(d, 'unsupported', `error_page ${d.args.join(' ')}: ${rule.success ? 'invalid status' : (rule.error.issues[0]?.message ?? 'invalid')} (not imported)`);
  }
  return rules;
}

/** proxy_ignore_headers X-Accel-Redirect (the directive's other names belong to the cache). */
export function mapIgnoreAccelRedirect(scope: Scope, ctx: ImportContext): boolean | undefined {
  const d = scope.value('proxy_ignore_headers');
  if (!d?.args.some((a) => a.toLowerCase() === 'x-accel-redirect')) return undefined;
  // Without a cache its other names do nothing in Portico either.
  if (d.args.every((a) => ['x-accel-redirect', 'x-accel-limit-rate', 'x-accel-buffering', 'x-accel-charset'].includes(a.toLowerCase()))) ctx.use(d);
  return true;
}
