// One rule of nginx's proxy_redirect / proxy_cookie_path / proxy_cookie_domain: a plain
// pattern (variables allowed) that matches a prefix and replaces it, or a "~regex" whose
// match replaces the whole value, its captures ($1…) usable in the replacement.
import { patternRegex } from '../../core/config/proxy-cookies.ts';
import type { RequestContext, Template } from '../runtime/types.ts';
import { compileTemplate, type TemplateScope, unknownVariables } from './variables.ts';
import { LocationCompileError } from '../runtime/compile-error.ts';

/** The rewritten value, or null when the rule does not match. */
export type ValueRewrite = (value: string, ctx: RequestContext) => string | null;

export function regexRewrite(regex: RegExp, to: Template): ValueRewrite {
  return (value, ctx) => {
    const m = regex.exec(value);
    if (m === null) return null;
    // Captures of this match are what $1… (and named groups) mean in the replacement, as a
    // rewrite's.
    const [saved, savedNamed] = [ctx.captures, ctx.namedCaptures];
    ctx.captures = [...m].map((c) => c ?? '');
    if (m.groups) ctx.namedCaptures = { ...savedNamed, ...Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? ''])) };
    try {
      return to(ctx);
    } finally {
      ctx.captures = saved;
      ctx.namedCaptures = savedNamed;
    }
  };
}

/** A "from"/"to" pair in nginx's notation: "~" (case-sensitive unless `tildeIgnoresCase`), "~*", or a prefix. */
export function compileValueRewrite(from: string, to: string, scope: TemplateScope, tildeIgnoresCase = false): ValueRewrite {
  const regex = patternRegex(from, tildeIgnoresCase);
  const replacement = compileTemplate(to, scope);
  if (regex) return regexRewrite(new RegExp(regex.source, regex.flags), replacement);
  const pattern = compileTemplate(from, scope);
  return (value, ctx) => {
    const prefix = pattern(ctx);
    return value.startsWith(prefix) ? replacement(ctx) + value.slice(prefix.length) : null;
  };
}

/** The first rule's rewrite of `value`, or null when none matches. */
export function firstRewrite(rules: readonly ValueRewrite[], value: string, ctx: RequestContext): string | null {
  for (const rule of rules) {
    const out = rule(value, ctx);
    if (out !== null) return out;
  }
  return null;
}

/** A template naming a variable Portico does not know disables its location, with the field's path. */
export function checkRuleVariables(path: string, templates: readonly string[], scope: TemplateScope = {}): void {
  for (const template of templates) {
    const unknown = unknownVariables(template, scope);
    if (unknown.length > 0) throw new LocationCompileError(path, `unknown variable $${unknown[0]}`);
  }
}
