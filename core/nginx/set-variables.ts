// nginx declares a `set` variable for the whole configuration: a value anywhere may use
// it (empty where no `set` ran); auth_request_set declares its variable the same way.
// Collected before any server is mapped.
import { namedGroups } from '../config/rewrite-steps.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';

export function collectSetVariables(directives: readonly NginxDirective[], ctx: ImportContext): void {
  for (const d of directives) {
    if ((d.name === 'set' || d.name === 'auth_request_set') && d.args[0]?.startsWith('$')) ctx.userVariables.add(d.args[0].slice(1).replace(/^\{(.*)\}$/, '$1'));
    // Named captures of an `if` regex are variables too.
    if (d.name === 'if') for (const name of namedGroups(d.args.join(' '))) ctx.userVariables.add(name);
    if (d.block) collectSetVariables(d.block, ctx);
  }
}
