// `types {}` and `default_type` for locations that serve files, as nginx resolves them:
// the innermost `types` block replaces the whole table (an empty one leaves only
// default_type); `include mime.types` is Debian's table, which is Portico's own. Without
// either, a whole nginx.conf (an `http` block) has nginx's compiled-in table (html, gif,
// jpg), while a text without one (a site file, server blocks) is read as Debian's
// nginx.conf includes it: with mime.types (docs/nginx-compatibility.md). Without
// `default_type`, nginx's compiled-in text/plain, as for `return`.
import type { z } from 'zod';
import { DEFAULT_TYPE, FILE_EXTENSION, MIME_TYPE, type StaticAction } from '../config/location.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import type { Scope } from './scope.ts';

type FileTypes = Pick<z.output<typeof StaticAction>, 'types' | 'defaultType'>;

/** nginx's types when no `types` block and no mime.types is in effect. */
export const NGINX_COMPILED_TYPES: Readonly<Record<string, string>> = { html: 'text/html', gif: 'image/gif', jpg: 'image/jpeg' };
const NGINX_COMPILED_DEFAULT_TYPE = 'text/plain';
/** What a location without `defaultType` means (Debian's nginx.conf). */
const PORTICO_DEFAULT_TYPE = 'application/octet-stream';

/** Whether the configuration includes a mime.types that was not pasted (the parser noted it). */
function includesMimeTypes(ctx: ImportContext): boolean {
  return ctx.warnings.some((w) => w.directive === 'include' && w.kind === 'ignored' && w.message.includes('mime.types'));
}

function tableOf(block: NginxDirective, ctx: ImportContext): Record<string, string> {
  ctx.useTree(block);
  const table: Record<string, string> = {};
  for (const entry of block.block ?? []) {
    for (const raw of entry.args) {
      const ext = raw.toLowerCase();
      if (!FILE_EXTENSION.test(ext) || !MIME_TYPE.test(entry.name)) ctx.warn(entry, 'unsupported', `"${entry.name} ${raw}" is not a type and extension Portico can serve; left out`);
      // A later line naming an extension again replaces the earlier type (nginx warns).
      else table[ext] = entry.name;
    }
  }
  return table;
}

export function mapFileTypes(scope: Scope, ctx: ImportContext): FileTypes {
  const result: FileTypes = {};
  const block = scope.value('types');
  if (block) result.types = tableOf(block, ctx);
  else if (ctx.wholeConfiguration && !includesMimeTypes(ctx)) result.types = { ...NGINX_COMPILED_TYPES };
  const defaultType = scope.value('default_type');
  ctx.use(defaultType);
  const type = defaultType?.args[0] ?? NGINX_COMPILED_DEFAULT_TYPE;
  if (!DEFAULT_TYPE.test(type)) ctx.warn(defaultType!, 'unsupported', `"${type}" is not a content type Portico can send; ${PORTICO_DEFAULT_TYPE} is used`);
  else if (type !== PORTICO_DEFAULT_TYPE) result.defaultType = type;
  return result;
}
