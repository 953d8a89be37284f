// `location ~ ^/img/(.+)$ { alias /srv/img/$1; }`: in a regex location nginx takes the
// evaluated alias as the whole file path (the URI is not appended). Captures hold the
// decoded URI's bytes, as in nginx (one char per byte; the template is compiled from the
// alias's UTF-8 bytes too), so the evaluated path is bytes, read here as UTF-8 for the
// filesystem. The only escapes left in the decoded URI (an encoded slash kept as data,
// control bytes) are refused. The file must stay under the alias's literal directory (the
// part before the first variable), as every static file stays under its root.
import path from 'node:path';
import type { RequestContext, Template } from '../runtime/types.ts';

/** The fixed directory an alias template starts with ("/srv/img/$1" → "/srv/img/"). */
function literalBase(alias: string): string {
  const variable = alias.indexOf('$');
  const literal = variable < 0 ? alias : alias.slice(0, variable);
  return literal.slice(0, literal.lastIndexOf('/') + 1) || '/';
}

function decodeForDisk(bytes: string): string | null {
  if (/%2F|%00|%5C/i.test(bytes) || /[\\\x00]/.test(bytes)) return null;
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

export function regexAliasTarget(alias: Template, ctx: RequestContext): { base: string; file: string } | null {
  const evaluated = decodeForDisk(alias(ctx));
  if (evaluated === null || !evaluated.startsWith('/')) return null;
  const file = path.normalize(evaluated);
  const source = ctx.location?.source;
  const base = source?.kind === 'static' && source.alias ? literalBase(source.alias) : path.dirname(file);
  // A trailing "/" names a directory, as in the request path.
  return { base, file: evaluated.endsWith('/') && !file.endsWith('/') ? `${file}/` : file };
}
