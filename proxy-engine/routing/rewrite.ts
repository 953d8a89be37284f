// nginx's `rewrite regex replacement [flag]`, on the normalised path the location sees:
// - rules run in order; a match replaces the URI ($1…$9 and named captures available);
// - "last" stops and searches the location again with the new URI; "break" stops and
//   stays in the current location; "redirect" (302) / "permanent" (301) answer with the
//   replacement; no flag goes on to the next rule (and a changed URI is then searched
//   again, as "last");
// - a replacement starting with http://, https:// or $scheme is always a redirect;
// - a "?" in the replacement sets new arguments, to which the original ones are appended
//   unless the replacement ends with "?".
import { compileTemplate } from '../http/variables.ts';
import type { Template } from '../runtime/types.ts';
import { decodedUri, encodePathBytes, normalizePathForms, utf8Bytes } from '../../core/config/normalize-uri.ts';
import type { Rewriter } from '../runtime/types.ts';

export interface RewriteRuleConfig {
  regex: string;
  replacement: string;
  flag?: 'last' | 'break' | 'redirect' | 'permanent';
}


interface CompiledRule {
  regex: RegExp;
  replacement: Template;
  flag: RewriteRuleConfig['flag'];
  external: boolean;
  keepArgs: boolean;
  hasArgs: boolean;
}


export function compileRewrites(rules: readonly RewriteRuleConfig[] | undefined): Rewriter | null {
  if (!rules || rules.length === 0) return null;
  const compiled: CompiledRule[] = rules.map((r) => ({
    regex: new RegExp(utf8Bytes(r.regex)),
    replacement: compileTemplate(r.replacement.endsWith('?') ? r.replacement.slice(0, -1) : r.replacement),
    flag: r.flag,
    external: /^(https?:\/\/|\$scheme)/.test(r.replacement),
    keepArgs: !r.replacement.endsWith('?'),
    hasArgs: r.replacement.includes('?'),
  }));
  return (ctx) => {
    let changed = false;
    for (const rule of compiled) {
      // The regex sees the decoded URI (nginx); its captures go into the new path spelt
      // canonically, so that reading the replacement as a path gives back their bytes.
      const m = rule.regex.exec(decodedUri(ctx.path));
      if (!m) continue;
      // Captures of this rule's regex are what $1… mean inside its replacement.
      const saved = ctx.captures;
      ctx.captures = m.map((c) => (c === undefined ? c : encodePathBytes(c))) as string[];
      const replaced = rule.replacement(ctx);
      ctx.captures = saved;
      if (rule.external || rule.flag === 'redirect' || rule.flag === 'permanent') {
        const query = rule.keepArgs && ctx.query ? (replaced.includes('?') ? `&${ctx.query}` : `?${ctx.query}`) : '';
        return { kind: 'redirect', status: rule.flag === 'permanent' ? 301 : 302, location: replaced + query };
      }
      const q = replaced.indexOf('?');
      // Both readings of the new path: the location search that follows chooses between them.
      const forms = normalizePathForms(q >= 0 ? replaced.slice(0, q) : replaced);
      if (forms === null) return { kind: 'invalid' };
      if (rule.hasArgs) {
        const args = q >= 0 ? replaced.slice(q + 1) : '';
        ctx.query = rule.keepArgs && ctx.query ? (args ? `${args}&${ctx.query}` : ctx.query) : args;
      }
      // Later rules of a location that keeps encoded slashes see its form of the path.
      ctx.path = ctx.location?.keepEncodedSlashes ? forms.keptPath : forms.path;
      ctx.decodedPath = forms.path;
      ctx.keptPath = forms.keptPath;
      ctx.rewritten = true;
      changed = true;
      if (rule.flag === 'last' || rule.flag === 'break') return { kind: 'changed', flag: rule.flag };
    }
    return changed ? { kind: 'changed', flag: 'none' } : { kind: 'unchanged' };
  };
}
