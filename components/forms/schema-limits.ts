// The longest text a form field may hold, read from the shared zod schema at the field's
// path: every text control gets the model's own maximum (253 for a server name, 259 for
// an address, …) as its maxLength, so a limit is written once, in the model, and the
// browser and the API can never disagree about it.
import type { z } from 'zod';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The string schemas a path can lead to (several through a union). */
function stringsAt(schema: z.ZodType, keys: readonly string[], depth = 0): z.ZodType[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return stringsAt(def.innerType!, keys, depth + 1);
    case 'pipe':
      return stringsAt(def.in!, keys, depth + 1);
    case 'lazy':
      return stringsAt(def.getter!(), keys, depth + 1);
    case 'union':
      return (def.options ?? []).flatMap((o) => stringsAt(o, keys, depth + 1));
    case 'object': {
      const [key, ...rest] = keys;
      const field = key === undefined ? undefined : def.shape?.[key];
      return field ? stringsAt(field, rest, depth + 1) : [];
    }
    case 'array':
      return keys.length && /^\d+$/.test(keys[0]!) ? stringsAt(def.element!, keys.slice(1), depth + 1) : [];
    case 'record':
      return keys.length ? stringsAt(def.valueType!, keys.slice(1), depth + 1) : [];
    case 'string':
      return keys.length === 0 ? [schema] : [];
    default:
      return [];
  }
}

/** maxLength for the text at `path` ("locations.0.action.address"), undefined where the model sets none. */
export function maxLengthAt(schema: z.ZodType, path: string): number | undefined {
  const limits = stringsAt(schema, path === '' ? [] : path.split('.')).map((s) => (s as unknown as { maxLength?: number | null }).maxLength);
  if (limits.length === 0 || limits.some((l) => l === null || l === undefined)) return undefined;
  return Math.max(...(limits as number[]));
}
