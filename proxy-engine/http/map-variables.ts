// Variables made by http-level `map` blocks. As nginx: evaluated lazily, the first time a
// request reads one, and kept for the rest of the request unless the map is `volatile`;
// a `set` of the same name replaces a kept value. A regex key that matches replaces the
// request's captures ($1…, and sets its named ones) — nginx's regexes share one capture
// set — so the value may use them, and so may whatever reads $1 afterwards.
//
// Like `set` names (user-variables.ts), the maps of the revision being compiled are
// declared before its templates compile; every getter handed out closes over its own
// revision's maps, so a request keeps the maps of the runtime it started with.
import type { VariableMap } from '../../core/config/variable-maps.ts';
import { namedGroups } from '../../core/config/rewrite-steps.ts';
import type { Getter, RequestContext, Template } from '../runtime/types.ts';
import { compileMapLookup } from './map-lookup.ts';
import { setUserVariable } from './user-variables.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';

interface DeclaredMap {
  config: VariableMap;
  evaluate: Getter;
  /** The variable's getter (cache, `set`, volatile), made once. */
  read?: Getter;
}

let declared: ReadonlyMap<string, DeclaredMap> = new Map();

/** Per request: values already computed, and the maps being computed (a map that reads itself gets ""). */
const kept = new WeakMap<RequestContext, Map<string, string>>();
const evaluating = new WeakMap<RequestContext, Set<string>>();

/**
 * Declares the maps of the revision being compiled. `compile` is the template compiler
 * (http/variables.ts), passed in so that this module and it do not import each other;
 * it runs after every map name is declared, so maps may read each other in any order.
 */
export function declareMapVariables(maps: readonly VariableMap[], compile: (template: string) => Template): void {
  const table = new Map<string, DeclaredMap>();
  for (const config of maps) table.set(config.variable, { config, evaluate: () => '' });
  declared = table;
  for (const entry of table.values()) entry.evaluate = compileMap(entry.config, compile);
}

/** Named groups of the maps' regexes: nginx makes each a variable, set when its regex matches. */
export function mapCaptureNames(maps: readonly VariableMap[]): string[] {
  return maps.flatMap((map) => map.entries.flatMap((entry) => (entry.match === 'exact' ? [] : namedGroups(entry.key))));
}

function compileMap(map: VariableMap, compile: (template: string) => Template): Getter {
  // Typed text as UTF-8 bytes, one char each, as every template (a header value is bytes).
  const source = compile(utf8Bytes(map.source));
  const lookup = compileMapLookup(map);
  const values = map.entries.map((entry) => compile(utf8Bytes(entry.value)));
  const fallback = compile(utf8Bytes(map.default));
  return (ctx) => {
    const hit = lookup(source(ctx));
    if (!hit) return fallback(ctx);
    const m = hit.match;
    if (m) {
      // Even a regex without groups replaces them: $1… are empty after it (nginx 1.22).
      ctx.captures = [...m].map((c) => c ?? '');
      if (m.groups) {
        const named = Object.fromEntries(Object.entries(m.groups).map(([k, v]) => [k, v ?? '']));
        // Named captures are variables of their own in nginx: others keep their values.
        ctx.namedCaptures = { ...ctx.namedCaptures, ...named };
        for (const [name, value] of Object.entries(named)) setUserVariable(ctx, name, value);
      }
    }
    return values[hit.index]!(ctx);
  };
}

/**
 * Zones outlive revisions, so a limit key reads a map variable through the runtime the
 * request holds: each runtime is bound to the maps it was compiled with.
 */
const byRuntime = new WeakMap<object, ReadonlyMap<string, DeclaredMap>>();

export function bindMapVariables(runtime: object): void {
  byRuntime.set(runtime, declared);
}

export function runtimeMapVariable(ctx: RequestContext, name: string): string {
  const table = byRuntime.get(ctx.runtime);
  return table?.has(name) ? getterOf(table, name)(ctx) : '';
}

/** The getter of a map variable of the revision being compiled, or null when no map defines `name`. */
export function mapVariableGetter(name: string): Getter | null {
  return declared.has(name) ? getterOf(declared, name) : null;
}

function getterOf(table: ReadonlyMap<string, DeclaredMap>, name: string): Getter {
  const entry = table.get(name)!;
  return (entry.read ??= reader(entry, name));
}

function reader(entry: DeclaredMap, name: string): Getter {
  const { volatile } = entry.config;
  return (ctx) => {
    // `set $name …` wins until the end of the request, even over a volatile map (nginx
    // keeps what `set` wrote as a cacheable value).
    const assigned = ctx.userVariables?.get(name);
    if (assigned !== undefined) return assigned;
    if (!volatile) {
      const value = kept.get(ctx)?.get(name);
      if (value !== undefined) return value;
    }
    let busy = evaluating.get(ctx);
    if (!busy) evaluating.set(ctx, (busy = new Set()));
    if (busy.has(name)) return '';
    busy.add(name);
    try {
      const value = entry.evaluate(ctx);
      if (!volatile) {
        let values = kept.get(ctx);
        if (!values) kept.set(ctx, (values = new Map()));
        values.set(name, value);
      }
      return value;
    } finally {
      busy.delete(name);
    }
  };
}
