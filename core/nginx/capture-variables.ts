// Named regex captures as variables. nginx turns every named group of every regex in the
// configuration ("(?<sub>…)", "(?P<sub>…)", "(?'sub'…)") into a variable ($sub), set by the
// last regex that matched: a regex server_name, a regex location, a rewrite, an `if`. A value
// using $sub is then as valid as one using $host.
import type { NginxDirective } from './ast.ts';

const NAMED_GROUP = /\(\?(?:P?<([A-Za-z_][A-Za-z0-9_]*)>|'([A-Za-z_][A-Za-z0-9_]*)')/g;

function regexesOf(d: NginxDirective): string[] {
  if (d.name === 'location' && (d.args[0] === '~' || d.args[0] === '~*')) return [d.args[1] ?? ''];
  if (d.name === 'location' && d.args[0]?.startsWith('~')) return [d.args[0].replace(/^~\*?/, '')];
  if (d.name === 'server_name') return d.args.filter((a) => a.startsWith('~'));
  if (d.name === 'rewrite') return [d.args[0] ?? ''];
  // `if ($uri ~ (?<v>…))`: the condition's regex (its other words hold no groups).
  if (d.name === 'if') return d.args;
  return [];
}

/** Adds the named captures of every regex in `directives` (recursively) to `into`. */
export function collectCaptureVariables(directives: readonly NginxDirective[], into: Set<string>): void {
  for (const d of directives) {
    for (const regex of regexesOf(d)) for (const m of regex.matchAll(NAMED_GROUP)) into.add(m[1] ?? m[2]!);
    if (d.block) collectCaptureVariables(d.block, into);
  }
}
