// Variables made by `set $name value`: one store per request (nginx keeps them per
// request too, shared by the server and location levels and across internal redirects).
// nginx knows a variable once any `set` of the configuration declares it; the compiler
// declares the names of the revision it compiles before compiling its templates, so a
// template naming `$maintenance` is accepted exactly when some step sets it.
import type { Getter, RequestContext } from '../runtime/types.ts';

let declared: ReadonlySet<string> = new Set();

/** The `set` names of the revision being compiled (compilation is synchronous: no other revision interleaves). */
export function declareUserVariables(names: Iterable<string>): void {
  declared = new Set(names);
}

export function isDeclaredUserVariable(name: string): boolean {
  return declared.has(name);
}

/** An unset variable is empty, as nginx's uninitialised ones. */
export function userVariableGetter(name: string): Getter {
  return (ctx) => ctx.userVariables?.get(name) ?? '';
}

export function setUserVariable(ctx: RequestContext, name: string, value: string): void {
  (ctx.userVariables ??= new Map()).set(name, value);
}
