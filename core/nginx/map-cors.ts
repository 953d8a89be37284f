// The usual nginx CORS recipe, recognised as Portico's cors policy:
//   if ($request_method = OPTIONS) {
//       add_header Access-Control-Allow-Origin "https://app.example.com";
//       add_header Access-Control-Allow-Methods "GET, POST";
//       add_header Access-Control-Allow-Headers "Authorization, Content-Type";
//       return 204;
//   }
//   add_header Access-Control-Allow-Origin "https://app.example.com" always;
import type { z } from 'zod';
import { type CorsPolicy, HeaderAdd } from '../config/policies.ts';
import { HeaderName, HttpMethod } from '../config/primitives.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { soleVariable } from './variables.ts';

export type Cors = z.output<typeof CorsPolicy>;

/** When the header is absent, browsers cache a preflight answer for 5 seconds. */
const BROWSER_DEFAULT_MAX_AGE = 5;

const PREFLIGHT_EXTRA_HEADERS = new Set(['content-type', 'content-length']);

/** `if ($request_method = OPTIONS)` in any of the spellings nginx accepts. */
export function isOptionsCondition(args: readonly string[]): boolean {
  const text = args.join(' ').trim();
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  return /^\$request_method\s*=\s*OPTIONS$/.test(text.slice(1, -1).trim());
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((v) => v.length > 0);
}

function originOf(value: string): string | null {
  if (value === '*') return '*';
  if (soleVariable(value) === 'http_origin') return '~.*';
  return /^https?:\/\/[^\s/]+$/.test(value) ? value : null;
}

/**
 * The cors policy an `if` block expresses, or null when the block is anything else.
 * `outside` is the add_header list of the same level (for Access-Control-Expose-Headers).
 */
export function corsFromIf(directive: NginxDirective, outside: readonly NginxDirective[]): Cors | null {
  if (directive.name !== 'if' || !isOptionsCondition(directive.args)) return null;
  const block = directive.block ?? [];
  const last = block[block.length - 1];
  if (!last || last.name !== 'return' || last.args[0] !== '204' || last.args.length !== 1) return null;
  const headers = new Map<string, string>();
  for (const d of block.slice(0, -1)) {
    if (d.name !== 'add_header') return null;
    const name = (d.args[0] ?? '').toLowerCase();
    if (!name.startsWith('access-control-') && !PREFLIGHT_EXTRA_HEADERS.has(name)) return null;
    headers.set(name, d.args[1] ?? '');
  }
  const origin = originOf(headers.get('access-control-allow-origin') ?? '');
  if (!origin) return null;

  const methods = splitList(headers.get('access-control-allow-methods') ?? '');
  const allowHeaders = splitList(headers.get('access-control-allow-headers') ?? '');
  const exposeDirective = outside.find((d) => d.args[0]?.toLowerCase() === 'access-control-expose-headers');
  const expose = splitList(exposeDirective?.args[1] ?? '');
  if (!methods.every((m) => HttpMethod.safeParse(m).success)) return null;
  if (![...allowHeaders, ...expose].every((h) => HeaderName.safeParse(h).success)) return null;
  const maxAgeText = headers.get('access-control-max-age');
  const maxAge = maxAgeText === undefined ? BROWSER_DEFAULT_MAX_AGE : Number(maxAgeText);
  if (!Number.isInteger(maxAge) || maxAge < 0) return null;

  return {
    origins: [origin],
    methods: methods.map((m) => m.toUpperCase()),
    headers: allowHeaders,
    exposeHeaders: expose,
    credentials: headers.get('access-control-allow-credentials') === 'true',
    maxAgeSeconds: Math.min(maxAge, 86400),
  };
}

/** Finds the CORS `if` among a level's own directives; marks it (and its contents) mapped. */
export function mapCors(own: readonly NginxDirective[], ctx: ImportContext): Cors | undefined {
  const outside = own.filter((d) => d.name === 'add_header');
  for (const d of own) {
    const cors = corsFromIf(d, outside);
    if (cors) {
      ctx.useTree(d);
      return cors;
    }
  }
  return undefined;
}

/** Whether an add_header outside the `if` only repeats what the cors policy sends anyway. */
export function isCorsHeader(add: z.output<typeof HeaderAdd>, cors: Cors | undefined): boolean {
  if (!cors) return false;
  const name = add.name.toLowerCase();
  if (name === 'access-control-allow-origin') return originOf(add.value) === cors.origins[0] && cors.origins.length === 1;
  if (name === 'access-control-allow-credentials') return cors.credentials && add.value === 'true';
  if (name === 'access-control-expose-headers') return splitList(add.value).join(',') === cors.exposeHeaders.join(',');
  return false;
}
