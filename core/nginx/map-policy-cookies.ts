// proxy_cookie_path, proxy_cookie_domain, proxy_cookie_flags → policies.proxyCookies. Each
// directive is inherited on its own (nginx's merge), "off" stops the inheritance; the
// section carries all three, so it is built from what is in effect at the scope.
import type { z } from 'zod';
import type { NginxDirective } from './ast.ts';
import type { Policies } from '../config/policies.ts';
import { COOKIE_FLAGS, type CookieFlagsRule, patternProblem } from '../config/proxy-cookies.ts';
import type { ImportContext } from './import-context.ts';
import type { Scope } from './scope.ts';
import { unknownVariables } from './variables.ts';

type Rewrite = { from: string; to: string };
type FlagsRule = z.output<typeof CookieFlagsRule>;
const NAMES = ['proxy_cookie_path', 'proxy_cookie_domain', 'proxy_cookie_flags'] as const;
const FLAGS = new Set<string>(COOKIE_FLAGS);

export function mapProxyCookies(scope: Scope, ctx: ImportContext): Policies['proxyCookies'] {
  if (!scope.setsAny(NAMES)) return undefined;
  return {
    path: rewrites(scope.find('proxy_cookie_path'), ctx, false),
    domain: rewrites(scope.find('proxy_cookie_domain'), ctx, true),
    flags: flagRules(scope.find('proxy_cookie_flags'), ctx),
  };
}

/** Variables Portico cannot evaluate make a rule mean something else: not imported. */
function unknownIn(d: NginxDirective, ctx: ImportContext, ...values: string[]): boolean {
  const unknown = values.flatMap((v) => unknownVariables(v, new Set([...ctx.upgradeVariables, ...ctx.mapVariables])));
  if (unknown.length === 0) return false;
  ctx.warn(d, 'unsupported', `$${unknown[0]} is not a variable Portico knows (set by map/set or a module); rule not imported`);
  return true;
}

function rewrites(list: readonly NginxDirective[], ctx: ImportContext, domain: boolean): Rewrite[] {
  ctx.use(...list);
  const rules: Rewrite[] = [];
  for (const d of list) {
    const [from = '', to] = d.args;
    if (to === undefined) {
      if (from !== 'off') ctx.warn(d, 'unsupported', `invalid parameter "${from}" (nginx accepts off or a from/to pair)`);
      continue;
    }
    const problem = from === '' ? 'the pattern is empty' : patternProblem(from, domain);
    if (problem) {
      ctx.warn(d, 'unsupported', `${problem}; rule not imported`);
      continue;
    }
    if (unknownIn(d, ctx, from.startsWith('~') ? '' : from, to)) continue;
    rules.push({ from, to });
  }
  return rules;
}

function flagRules(list: readonly NginxDirective[], ctx: ImportContext): FlagsRule[] {
  ctx.use(...list);
  const rules: FlagsRule[] = [];
  for (const d of list) {
    const [cookie = '', ...args] = d.args;
    if (args.length === 0) {
      if (cookie !== 'off') ctx.warn(d, 'unsupported', `invalid parameter "${cookie}" (nginx accepts off or a cookie name and flags)`);
      continue;
    }
    const problem = patternProblem(cookie, true);
    if (problem) {
      ctx.warn(d, 'unsupported', `${problem}; rule not imported`);
      continue;
    }
    if (unknownIn(d, ctx, cookie.startsWith('~') ? '' : cookie, ...args)) continue;
    const flags: FlagsRule['flags'] = [];
    for (const arg of args) {
      const flag = arg.toLowerCase();
      if (flag.includes('$')) ctx.warn(d, 'unsupported', `variables in flags ("${arg}") are not supported; flag not imported`);
      // nginx ignores a flag it does not know (only its debug log says so).
      else if (FLAGS.has(flag)) flags.push(flag as FlagsRule['flags'][number]);
      else ctx.warn(d, 'ignored', `"${arg}" is not a cookie flag; nginx ignores it too`);
    }
    if (flags.length > 0) rules.push({ cookie, flags });
  }
  return rules;
}
