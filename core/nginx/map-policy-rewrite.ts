// rewrite → rewrites. Unlike most directives, rewrites are not inherited: each level
// runs its own (the server's before location matching, a location's after it).
import type { z } from 'zod';
import { RewriteRule } from '../config/policies.ts';
import { pcreToJs } from '../config/regex-safety.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';

type Rewrite = z.output<typeof RewriteRule>;

const FLAGS = new Set(['last', 'break', 'redirect', 'permanent']);

export function mapRewrites(own: readonly NginxDirective[], ctx: ImportContext): Rewrite[] | undefined {
  const list = own.filter((d) => d.name === 'rewrite');
  if (list.length === 0) return undefined;
  const rules: Rewrite[] = [];
  for (const d of list) {
    ctx.use(d);
    const [regex = '', replacement = '', flag] = d.args;
    if (flag !== undefined && !FLAGS.has(flag)) {
      ctx.warn(d, 'unsupported', `invalid flag "${flag}" (rule not imported)`);
      continue;
    }
    if (regex.startsWith('(?i)')) {
      ctx.warn(d, 'unsupported', 'case-insensitive rewrite regexes ("(?i)") are not supported (rule not imported)');
      continue;
    }
    const rule = RewriteRule.safeParse(flag === undefined ? { regex: pcreToJs(regex), replacement } : { regex: pcreToJs(regex), replacement, flag });
    if (rule.success) rules.push(rule.data);
    else ctx.warn(d, 'unsupported', `${rule.error.issues[0]?.message ?? 'invalid rule'} (rule not imported)`);
  }
  return rules;
}
