// proxy_cache_bypass / proxy_no_cache conditions: a request header, cookie or query
// argument that holds when its value is non-empty and not "0" (nginx's predicate rule).
import type { z } from 'zod';
import type { RequestCondition } from '../../core/config/policies.ts';
import type { RequestContext } from '../runtime/types.ts';
import { mapVariableGetter } from '../http/map-variables.ts';

type Condition = z.output<typeof RequestCondition>;
export type Predicate = (ctx: RequestContext) => boolean;

const never: Predicate = () => false;

function holds(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0';
}

function cookie(ctx: RequestContext, name: string): string | undefined {
  const header = ctx.req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function arg(ctx: RequestContext, name: string): string | undefined {
  if (!ctx.query) return undefined;
  for (const part of ctx.query.split('&')) {
    const eq = part.indexOf('=');
    if ((eq >= 0 ? part.slice(0, eq) : part) === name) return eq >= 0 ? part.slice(eq + 1) : '';
  }
  return undefined;
}

function compileOne(condition: Condition): Predicate {
  const name = condition.source === 'header' ? condition.name.toLowerCase() : condition.name;
  switch (condition.source) {
    case 'header':
      return (ctx) => {
        const value = ctx.req.headers[name];
        return holds(Array.isArray(value) ? value.join(', ') : value);
      };
    case 'cookie':
      return (ctx) => holds(cookie(ctx, name));
    case 'query':
      return (ctx) => holds(arg(ctx, name));
    case 'variable': {
      // Compiled with the location, after the revision's maps are declared.
      const value = mapVariableGetter(name);
      return value ? (ctx) => holds(value(ctx)) : never;
    }
  }
}

/** Any of the conditions holds (nginx: any of the directive's values). */
export function compileConditions(conditions: readonly Condition[]): Predicate {
  if (conditions.length === 0) return never;
  const tests = conditions.map(compileOne);
  if (tests.length === 1) return tests[0]!;
  return (ctx) => tests.some((test) => test(ctx));
}
