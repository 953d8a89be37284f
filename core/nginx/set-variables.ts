// nginx declares a `set` variable for the whole configuration: a value anywhere may use
// it (empty where no `set` ran). Collected before any server is mapped.
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';

export function collectSetVariables(directives: readonly NginxDirective[], ctx: ImportContext): void {
  for (const d of directives) {
    if (d.name === 'set' && d.args[0]?.startsWith('$')) ctx.userVariables.add(d.args[0].slice(1).replace(/^\{(.*)\}$/, '$1'));
    if (d.block) collectSetVariables(d.block, ctx);
  }
}
