// `map` blocks → settings.maps, evaluated by the engine wherever their variable is used.
// A map whose values need a variable Portico does not compute is left out (its variable
// then has no value, so directives using it are not imported either), with a warning.
// The WebSocket map is also recognised as such (the websocket policy does its job).
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { NginxParseError } from './parse-error.ts';
import { parseMapBlock } from './parse-map-block.ts';
import { isKnownVariable, soleVariable, variablesIn } from './variables.ts';
import { namedGroups } from '../config/rewrite-steps.ts';
import type { VariableMap } from '../config/variable-maps.ts';

/** map $http_upgrade $x { default upgrade; '' close; } (or '' '' for keep-alive friendliness). */
function isUpgradeMap(d: NginxDirective): boolean {
  if (soleVariable(d.args[0] ?? '') !== 'http_upgrade') return false;
  const entries = (d.block ?? []).map((e) => [e.name, ...e.args]);
  if (entries.length !== 2 || entries.some((e) => e.length !== 2)) return false;
  const byKey = new Map(entries.map((e) => [e[0]!, e[1]!]));
  return byKey.get('default')?.toLowerCase() === 'upgrade' && ['close', ''].includes(byKey.get('')?.toLowerCase() ?? 'x');
}

/** Exactly what the engine's built-in $connection_upgrade computes: no need to keep it. */
function isBuiltInUpgradeMap(map: VariableMap): boolean {
  const [entry] = map.entries;
  return map.variable === 'connection_upgrade' && map.source === '$http_upgrade' && !map.hostnames && map.default === 'upgrade'
    && map.entries.length === 1 && entry?.match === 'exact' && entry.key === '' && entry.value === 'close';
}

/** nginx's own variables cannot be redefined ("the duplicate variable"); the $http_… families can. */
function isBuiltIn(name: string): boolean {
  return isKnownVariable(name) && !/^(?:http|cookie|arg|sent_http|upstream_http)_|^\d$/.test(name);
}

function usedVariables(map: VariableMap): string[] {
  return [map.source, map.default, ...map.entries.map((e) => e.value)].flatMap(variablesIn);
}

export function mapMaps(maps: readonly NginxDirective[], ctx: ImportContext): VariableMap[] {
  const byVariable = new Map<string, { d: NginxDirective; map: VariableMap }>();
  for (const d of maps) {
    ctx.useTree(d);
    const result = parseMapBlock(d);
    if ('unsupported' in result) {
      ctx.warn(result.line, 'unsupported', `${result.unsupported}; the map is not imported, so directives that use its variable are not either`);
      continue;
    }
    const { map } = result;
    if (isBuiltIn(map.variable)) throw new NginxParseError(`the duplicate "${map.variable}" variable`, d.line, d.column, d.file);
    if (isUpgradeMap(d)) ctx.upgradeVariables.add(map.variable);
    const earlier = byVariable.get(map.variable);
    // nginx: the last map of a variable is the one evaluated.
    if (earlier) ctx.warn(earlier.d, 'note', `$${map.variable} is mapped again on line ${d.line}; that later map applies, as in nginx`);
    byVariable.delete(map.variable);
    byVariable.set(map.variable, { d, map });
  }
  // A regex's named captures are variables of the whole configuration (set when it matches).
  for (const { map } of byVariable.values()) for (const e of map.entries) if (e.match !== 'exact') for (const name of namedGroups(e.key)) ctx.userVariables.add(name);

  // Maps may read each other in any order; one is importable once every variable it reads is.
  const pending = new Map(byVariable);
  const known = (name: string) => isKnownVariable(name) || ctx.extraVariables.has(name) || ctx.mapVariables.has(name);
  for (let progress = true; progress; ) {
    progress = false;
    for (const [name, { map }] of pending) {
      if (!usedVariables(map).every(known)) continue;
      ctx.mapVariables.add(name);
      pending.delete(name);
      progress = true;
    }
  }
  // What is left reads a variable Portico does not compute, or maps reading each other in a circle.
  for (const [name, { d, map }] of pending) {
    const missing = [...new Set(usedVariables(map).filter((v) => !known(v)))];
    ctx.warn(d, 'unsupported', `map $${name} reads ${missing.map((v) => `$${v}`).join(', ')}, which Portico does not compute; not imported, so directives that use $${name} are not either`);
  }
  return [...byVariable.values()].map((e) => e.map).filter((m) => ctx.mapVariables.has(m.variable) && !isBuiltInUpgradeMap(m));
}
