// nginx's `rewrite regex replacement [flag]`, on the normalised path the location sees:
// - rules run in order; a match replaces the URI ($1…$9 and named captures available);
// - "last" stops and searches the location again with the new URI; "break" stops and
//   stays in the current location; "redirect" (302) / "permanent" (301) answer with the
//   replacement; no flag goes on to the next rule (and a changed URI is then searched
//   again, as "last");
// - a replacement starting with http://, https:// or $scheme is always a redirect;
// - a "?" typed in the replacement sets new arguments, to which the original ones are
//   appended unless the replacement ends with "?"; the new path is the replacement's
//   text as it is (rewrite-path.ts), captures escaped as nginx escapes them
//   (http/capture-escaping.ts);
// - the last regex that matched sets the captures; one that does not match forgets $1….
import { compileTemplate, type TemplateScope } from '../http/variables.ts';
import type { Template } from '../runtime/types.ts';
import { decodedUri, INTERNAL_URI, normalizePathForms, utf8Bytes } from '../../core/config/normalize-uri.ts';
import type { RequestContext, RewriteOutcome } from '../runtime/types.ts';
import { compileRewritePath } from './rewrite-path.ts';
import { captureInArgs, unescapeRedirect } from '../http/capture-escaping.ts';

export interface RewriteRuleConfig {
  regex: string;
  replacement: string;
  flag?: 'last' | 'break' | 'redirect' | 'permanent';
}


interface CompiledRule {
  regex: RegExp;
  flag: RewriteRuleConfig['flag'];
  external: boolean;
  keepArgs: boolean;
  hasArgs: boolean;
  /** An internal rewrite's new path, and its new arguments when a "?" is typed (rewrite-path.ts). */
  path: Template;
  args: Template | null;
  /** A redirecting rule's URL: captures escaped as nginx escapes them there (capture-escaping.ts). */
  redirect: Template;
}

function compileRedirect(replacement: string, scope: TemplateScope): Template {
  const url = compileTemplate(replacement, { ...scope, captureFilter: captureInArgs });
  return (ctx) => unescapeRedirect(url(ctx));
}

function splitAtTypedQuery(replacement: string): [string, string | null] {
  const body = replacement.endsWith('?') ? replacement.slice(0, -1) : replacement;
  const q = body.indexOf('?');
  return q >= 0 ? [body.slice(0, q), body.slice(q + 1)] : [body, replacement.endsWith('?') ? '' : null];
}


/** One rule: null when its regex does not match; else what it did (the path is changed in place). */
export function compileRewriteRule(
  config: RewriteRuleConfig,
  scope: TemplateScope = {},
): (ctx: RequestContext) => Exclude<RewriteOutcome, { kind: 'unchanged' | 'return' }> | null {
  // The configured text as nginx reads it: bytes (a regex matches the decoded URI's bytes;
  // the replacement's non-ASCII letters are written as their UTF-8 bytes).
  const r = { ...config, regex: utf8Bytes(config.regex), replacement: utf8Bytes(config.replacement) };
  const [pathPart, argsPart] = splitAtTypedQuery(r.replacement);
  const rule: CompiledRule = {
    path: compileRewritePath(pathPart, scope),
    args: argsPart === null ? null : compileTemplate(argsPart, { ...scope, captureFilter: captureInArgs }),
    redirect: compileRedirect(r.replacement.endsWith('?') ? r.replacement.slice(0, -1) : r.replacement, scope),
    regex: new RegExp(r.regex),
    flag: r.flag,
    external: /^(https?:\/\/|\$scheme)/.test(r.replacement),
    keepArgs: !r.replacement.endsWith('?'),
    hasArgs: r.replacement.includes('?'),
  };
  return (ctx) => {
    // The regex sees the decoded URI, as nginx ("/a b", "/café" as UTF-8 bytes, "/100%"):
    // its captures are those bytes, escaped only where they are written (capture-escaping.ts).
    const m = rule.regex.exec(decodedUri(ctx.path));
    if (!m) {
      // nginx forgets the numbered captures when a rewrite's regex does not match (named
      // ones stay): $1 after it is empty.
      ctx.captures = undefined;
      return null;
    }
    // The last regex that matched sets the captures (nginx): this rule's replacement, and
    // everything after it ($1 in proxy_set_header, add_header, the next location's
    // directives unless its own regex matches), read them.
    ctx.captures = [...m];
    if (m.groups) ctx.namedCaptures = { ...ctx.namedCaptures, ...m.groups };
    if (rule.external || rule.flag === 'redirect' || rule.flag === 'permanent') {
      const replaced = rule.redirect(ctx);
      // nginx appends with "&" when a "?" is typed in the replacement (not one a value brought).
      const query = rule.keepArgs && ctx.query ? (rule.hasArgs ? `&${ctx.query}` : `?${ctx.query}`) : '';
      return { kind: 'redirect', status: rule.flag === 'permanent' ? 301 : 302, location: replaced + query };
    }
    // Both readings of the new path: the location search that follows chooses between them.
    const forms = normalizePathForms(rule.path(ctx), INTERNAL_URI);
    if (forms === null) return { kind: 'invalid' };
    if (rule.hasArgs) {
      const args = rule.args?.(ctx) ?? '';
      ctx.query = rule.keepArgs && ctx.query ? (args ? `${args}&${ctx.query}` : ctx.query) : args;
    }
    // Later rules of a location that keeps encoded slashes see its form of the path.
    ctx.path = ctx.location?.keepEncodedSlashes ? forms.keptPath : forms.path;
    ctx.decodedPath = forms.path;
    ctx.keptPath = forms.keptPath;
    ctx.rewritten = true;
    // nginx marks a rewritten request internal: `internal` locations accept it.
    ctx.internal = true;
    return { kind: 'changed', flag: rule.flag === 'last' || rule.flag === 'break' ? rule.flag : 'none' };
  };
}
