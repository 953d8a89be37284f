// charset, source_charset, override_charset and charset_types → the charset policy, each
// inherited on its own as nginx merges them. charset_map (recoding) is not imported, so a
// literal source_charset that differs from the charset (nginx would recode, or refuse to
// start without a map) is warned about and left out.
import { CharsetName, CharsetPolicy, CharsetType, DEFAULT_CHARSET_TYPES, isCharsetVariable } from '../config/charset.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { flagIn } from './map-values.ts';
import type { Scope } from './scope.ts';
import { unknownVariables } from './variables.ts';

const NAMES = ['charset', 'source_charset', 'override_charset', 'charset_types'];
const DATA_BLOCKS = new Set(['map', 'types', 'geo', 'split_clients', 'charset_map']);

const spellingsByRoot = new WeakMap<Scope, Map<string, string>>();

/**
 * nginx keeps one list of charsets for the whole configuration: a name is added the first
 * time a `charset`, `source_charset` or `charset_map` writes it, and later spellings in
 * another case are that entry. A literal `charset` is sent as that first spelling
 * (`source_charset koi8-r;` at the http level, then `charset KOI8-R;`: "charset=koi8-r").
 */
function firstSpellings(scope: Scope): Map<string, string> {
  let root = scope;
  while (root.parent) root = root.parent;
  let spellings = spellingsByRoot.get(root);
  if (spellings) return spellings;
  const found = new Map<string, string>();
  const add = (name: string | undefined) => {
    if (name !== undefined && name !== 'off' && !isCharsetVariable(name) && !found.has(name.toLowerCase())) found.set(name.toLowerCase(), name);
  };
  const walk = (directives: readonly NginxDirective[]) => {
    for (const d of directives) {
      if (d.name === 'charset' || d.name === 'source_charset') add(d.args[0]);
      else if (d.name === 'charset_map') d.args.forEach(add);
      if (d.block && !DATA_BLOCKS.has(d.name)) walk(d.block);
    }
  };
  walk(root.directives);
  spellings = found;
  spellingsByRoot.set(root, spellings);
  return spellings;
}

function charsetArg(d: NginxDirective, ctx: ImportContext): string | undefined {
  ctx.use(d);
  const name = d.args[0] ?? '';
  if (!CharsetName.safeParse(name).success) {
    ctx.warn(d, 'unsupported', `"${name}" is not a charset name Portico can put in a Content-Type (ignored)`);
    return undefined;
  }
  if (isCharsetVariable(name) && unknownVariables(name, ctx.extraVariables).length > 0) {
    ctx.warn(d, 'unsupported', `unknown variable "${name}" (ignored)`);
    return undefined;
  }
  return name;
}

/** The types nginx's charset_types gives: text/html and the listed ones (lower case), or "*". */
function charsetTypes(directives: readonly NginxDirective[], ctx: ImportContext): string[] {
  if (directives.length === 0) return [...DEFAULT_CHARSET_TYPES];
  const types = ['text/html'];
  for (const d of directives) {
    ctx.use(d);
    for (const arg of d.args) {
      if (arg === '*') return ['*'];
      const type = arg.toLowerCase();
      if (!CharsetType.safeParse(type).success) ctx.warn(d, 'unsupported', `"${arg}" is not a MIME type (dropped)`);
      else if (!types.includes(type)) types.push(type);
    }
  }
  return types;
}

export function mapCharset(scope: Scope, ctx: ImportContext): CharsetPolicy | undefined {
  if (!scope.setsAny(NAMES)) return undefined;
  const charsetDirective = scope.value('charset');
  const charset = charsetDirective && (charsetDirective.args[0] === 'off' ? (ctx.use(charsetDirective), 'off') : charsetArg(charsetDirective, ctx));
  const sourceDirective = scope.value('source_charset');
  let sourceCharset = sourceDirective && charsetArg(sourceDirective, ctx);
  const spelling = (name: string | undefined) => (name === undefined || name === 'off' || isCharsetVariable(name) ? name : (firstSpellings(scope).get(name.toLowerCase()) ?? name));
  sourceCharset = spelling(sourceCharset);
  const policy = { charset: spelling(charset) ?? 'off', sourceCharset, override: flagIn(scope, 'override_charset', ctx) ?? false, types: charsetTypes(scope.find('charset_types'), ctx) };
  if (sourceDirective && sourceCharset !== undefined && !CharsetPolicy.safeParse(policy).success) {
    ctx.warn(sourceDirective, 'unsupported', `answers in "${sourceCharset}" would be recoded to "${policy.charset}" (charset_map): Portico does not recode bodies (ignored)`);
    sourceCharset = undefined;
  }
  return { ...policy, sourceCharset };
}
