// Reading directive arguments as typed values, with a warning (and no value) when
// nginx itself would refuse the argument or Portico's model cannot hold it.
import { HeaderName, HeaderValue } from '../config/primitives.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { parseDurationMs, parseFlag, parseInteger, parseOffset, parseSize, type TimeKind } from './nginx-values.ts';
import type { Scope } from './scope.ts';
import { unknownVariables } from './variables.ts';

/** Portico's DurationMs bound (a year and a day). */
const MAX_DURATION_MS = 366 * 24 * 3600 * 1000;

export function flagArg(d: NginxDirective, ctx: ImportContext, index = 0): boolean | undefined {
  ctx.use(d);
  const value = parseFlag(d.args[index]);
  if (value === null) {
    ctx.warn(d, 'unsupported', `invalid value "${d.args[index] ?? ''}": it must be "on" or "off" (ignored)`);
    return undefined;
  }
  return value;
}

/** The on/off value of a directive in effect at the scope; undefined when unset (or invalid). */
export function flagIn(scope: Scope, name: string, ctx: ImportContext): boolean | undefined {
  const d = scope.value(name);
  return d && flagArg(d, ctx);
}

export function durationArg(d: NginxDirective, ctx: ImportContext, kind: TimeKind, text = d.args[0] ?? ''): number | undefined {
  ctx.use(d);
  const ms = parseDurationMs(text, kind);
  if (ms === null) {
    ctx.warn(d, 'unsupported', `invalid time "${text}" (ignored)`);
    return undefined;
  }
  if (ms > MAX_DURATION_MS) {
    ctx.warn(d, 'unsupported', `time "${text}" is longer than Portico's limit of 366 days (ignored)`);
    return undefined;
  }
  return ms;
}

export function sizeArg(d: NginxDirective, ctx: ImportContext, allowGiga: boolean, text = d.args[0] ?? ''): number | undefined {
  ctx.use(d);
  const bytes = allowGiga ? parseOffset(text) : parseSize(text);
  if (bytes === null || bytes > 2 ** 50) {
    ctx.warn(d, 'unsupported', `invalid size "${text}" (ignored)`);
    return undefined;
  }
  return bytes;
}

export function integerArg(d: NginxDirective, ctx: ImportContext, min: number, max: number, text = d.args[0]): number | undefined {
  ctx.use(d);
  const value = parseInteger(text);
  if (value === null || value < min || value > max) {
    ctx.warn(d, 'unsupported', `invalid number "${text ?? ''}": Portico accepts ${min} to ${max} (ignored)`);
    return undefined;
  }
  return value;
}

/** A header name and value Portico can use; warns and returns null otherwise. */
export function headerPair(
  d: NginxDirective,
  ctx: ImportContext,
  name: string,
  value: string,
): { name: string; value: string } | null {
  ctx.use(d);
  if (!HeaderName.safeParse(name).success) {
    ctx.warn(d, 'unsupported', `"${name}" is not a valid header name (not imported)`);
    return null;
  }
  if (!HeaderValue.safeParse(value).success) {
    ctx.warn(d, 'unsupported', `the value of "${name}" contains a line break or is too long (not imported)`);
    return null;
  }
  const unknown = unknownVariables(value, ctx.extraVariables);
  if (unknown.length > 0) {
    const names = unknown.map((v) => `$${v}`).join(', ');
    ctx.warn(d, 'unsupported', `${names} ${unknown.length > 1 ? 'are' : 'is'} not a variable Portico knows (set by map/set or a module); header "${name}" not imported`);
    return null;
  }
  return { name, value };
}
