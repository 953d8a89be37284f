// `map` blocks. The WebSocket one is understood (Portico's websocket policy does its job);
// any other map defines a variable Portico cannot compute, reported with its line.
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { soleVariable } from './variables.ts';

/** map $http_upgrade $x { default upgrade; '' close; } (or '' '' for keep-alive friendliness). */
function isUpgradeMap(d: NginxDirective): boolean {
  if (soleVariable(d.args[0] ?? '') !== 'http_upgrade') return false;
  const entries = (d.block ?? []).map((e) => [e.name, ...e.args]);
  if (entries.length !== 2 || entries.some((e) => e.length !== 2)) return false;
  const byKey = new Map(entries.map((e) => [e[0]!, e[1]!]));
  return byKey.get('default')?.toLowerCase() === 'upgrade' && ['close', ''].includes(byKey.get('')?.toLowerCase() ?? 'x');
}

export function mapMaps(maps: readonly NginxDirective[], ctx: ImportContext): void {
  for (const d of maps) {
    ctx.useTree(d);
    const variable = soleVariable(d.args[1] ?? '');
    if (variable && isUpgradeMap(d)) {
      ctx.upgradeVariables.add(variable);
      continue;
    }
    ctx.warn(d, 'unsupported', `map is not supported: $${variable ?? '?'} has no value in Portico, so directives that use it are not imported`);
  }
}
