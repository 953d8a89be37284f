// add_header and proxy_hide_header → responseHeaders. Headers that another policy
// already sends (the cache status header, the CORS headers) are taken out of the list,
// but a level that writes any add_header still replaces the inherited list, as in nginx.
import type { z } from 'zod';
import type { HeaderAdd, ResponseHeaders } from '../config/policies.ts';
import { HeaderName } from '../config/primitives.ts';
import type { ImportContext } from './import-context.ts';
import { type Cors, isCorsHeader } from './map-cors.ts';
import { headerPair } from './map-values.ts';
import type { Scope } from './scope.ts';
import { soleVariable } from './variables.ts';
import { hiddenByDefault } from '../config/upstream-headers.ts';
import type { NginxDirective } from './ast.ts';

/**
 * proxy_pass_header names that change something: a header hidden by default or by
 * proxy_hide_header. Passing any other header is a no-op in nginx (the exporter's reset
 * of the list uses one).
 */
function passedHeaders(passes: readonly NginxDirective[], hide: readonly string[], ctx: ImportContext): string[] {
  const pass: string[] = [];
  for (const d of passes) {
    const name = d.args[0] ?? '';
    if (!HeaderName.safeParse(name).success) ctx.warn(d, 'unsupported', `"${name}" is not a valid header name (not imported)`);
    else if (hiddenByDefault(name) || hide.some((h) => h.toLowerCase() === name.toLowerCase())) pass.push(name);
  }
  return pass;
}

export interface ResponseHeaderResult {
  responseHeaders?: z.output<typeof ResponseHeaders>;
  /** Name of an `add_header X $upstream_cache_status` (only when a cache applies). */
  cacheStatusHeader?: string;
}

export function mapResponseHeaders(scope: Scope, ctx: ImportContext, cacheActive: boolean, cors: Cors | undefined): ResponseHeaderResult {
  const adds = scope.find('add_header');
  const hides = scope.find('proxy_hide_header');
  const passes = scope.find('proxy_pass_header');
  if (adds.length === 0 && hides.length === 0 && passes.length === 0) return {};
  ctx.use(...adds, ...hides, ...passes);

  const result: ResponseHeaderResult = {};
  const add: z.output<typeof HeaderAdd>[] = [];
  for (const d of adds) {
    const [name = '', value = '', flag] = d.args;
    if (flag !== undefined && flag !== 'always') {
      ctx.warn(d, 'unsupported', `invalid parameter "${flag}" (nginx accepts only "always"); header not imported`);
      continue;
    }
    // nginx adds nothing for an empty value; such a line only stops inheritance.
    if (value === '') continue;
    // The cache's status header is sent on 2xx/3xx answers, as add_header without
    // "always"; with "always" the line stays an add_header rule (errors get it too).
    if (cacheActive && flag === undefined && soleVariable(value) === 'upstream_cache_status') {
      result.cacheStatusHeader = name;
      continue;
    }
    const pair = headerPair(d, ctx, name, value);
    if (!pair) continue;
    const header = { ...pair, always: flag === 'always' };
    if (!isCorsHeader(header, cors)) add.push(header);
  }
  const hide: string[] = [];
  for (const d of hides) {
    const name = d.args[0] ?? '';
    // nginx hides X-Pad by default: the line only stops inheritance.
    if (name.toLowerCase() === 'x-pad') continue;
    if (HeaderName.safeParse(name).success) hide.push(name);
    else ctx.warn(d, 'unsupported', `"${name}" is not a valid header name (not imported)`);
  }
  result.responseHeaders = { add, hide, pass: passedHeaders(passes, hide, ctx) };
  return result;
}
