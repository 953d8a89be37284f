// nginx's `map $source $variable { … }` (http level): a variable whose value is chosen by
// matching another value against a list of keys. Kept as data (not compiled into hosts)
// because, as in nginx, a map belongs to the whole configuration: any host, location or
// other map may read its variable.
import { z } from 'zod';
import { VariableName, TemplateValue as MapValue } from './variable-values.ts';
import { checkRegexSafety } from './regex-safety.ts';
import { maskProblem, normalizedMask } from './variable-map-masks.ts';

export const MapEntry = z
  .object({
    match: z
      .enum(['exact', 'regex', 'regexCaseless'])
      .default('exact')
      .describe('exact: the whole value, ASCII case ignored (with hostnames, also *.example.com / .example.com / www.example.* masks); regex: "~"; regexCaseless: "~*".'),
    key: z.string().max(1024),
    value: MapValue.describe('The variable\'s value when this key matches; may use variables and the regex\'s captures ($1, named).'),
  })
  .describe('One line of a map: key and value.');
export type MapEntry = z.output<typeof MapEntry>;

export const VariableMap = z
  .object({
    variable: VariableName.describe('The variable the map defines (without "$").'),
    source: z.string().min(1).max(1024).refine((v) => !/[\r\n\0]/.test(v), 'must not contain CR, LF or NUL').describe('The value matched against the keys; may combine variables ("$http_host", "$a:$b").'),
    hostnames: z.boolean().default(false).describe('Keys are host names: masks with "*" and a leading "." are allowed, and a trailing "." of the value is ignored.'),
    volatile: z.boolean().default(false).describe('Evaluate on every use instead of once per request.'),
    default: MapValue.default('').describe('The value when no key matches (empty when not given).'),
    entries: z.array(MapEntry).max(10000).default([]),
  })
  .superRefine((map, ctx) => {
    // nginx refuses a key that repeats another (case ignored) and masks it cannot parse.
    const seen = new Map<string, number>();
    map.entries.forEach((entry, index) => {
      if (entry.match !== 'exact') {
        const problem = checkRegexSafety(entry.key);
        if (problem) ctx.addIssue({ code: 'custom', path: ['entries', index, 'key'], message: problem });
        return;
      }
      if (map.hostnames) {
        const problem = maskProblem(entry.key);
        if (problem) {
          ctx.addIssue({ code: 'custom', path: ['entries', index, 'key'], message: problem });
          return;
        }
      }
      for (const slot of map.hostnames ? normalizedMask(entry.key).slots : [`=${asciiLower(entry.key)}`]) {
        const earlier = seen.get(slot);
        if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['entries', index, 'key'], message: `key "${entry.key}" conflicts with entry ${earlier + 1}` });
        else seen.set(slot, index);
      }
    });
  })
  .describe('A map block: $variable is chosen by matching $source against exact keys, then host masks, then regexes in order.');
export type VariableMap = z.output<typeof VariableMap>;

export const VariableMaps = z
  .array(VariableMap)
  .max(1000)
  .superRefine((maps, ctx) => {
    const names = new Set<string>();
    maps.forEach((map, index) => {
      if (names.has(map.variable)) ctx.addIssue({ code: 'custom', path: [index, 'variable'], message: `$${map.variable} is defined by another map` });
      names.add(map.variable);
    });
  })
  .describe('http-level map blocks.');

/** nginx lowercases keys and values byte by byte, ASCII only. */
export function asciiLower(value: string): string {
  return /[A-Z]/.test(value) ? value.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : value;
}
