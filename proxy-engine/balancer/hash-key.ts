// The key of the HASH algorithm, built from the request. A template is an nginx complex
// value ("$request_uri$http_x_user", "${cookie_sid}-x"); the engine's own expander
// (SelectionContext.vars) wins when given, otherwise the variables below are expanded
// here. Unknown variables expand to "" — unknownVariables() lets the compiler report them.
import type { SelectionContext } from './types.ts';

interface HashKeyConfig {
  source: 'client_ip' | 'uri' | 'header' | 'cookie' | 'template';
  name?: string | undefined;
}

type Part = string | ((ctx: SelectionContext) => string);

const VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;
const PLAIN = new Set(['request_uri', 'uri', 'args', 'query_string', 'is_args', 'remote_addr']);

export function compileHashKey(config: HashKeyConfig): (ctx: SelectionContext) => string {
  const name = config.name ?? '';
  switch (config.source) {
    case 'client_ip':
      return (ctx) => ctx.clientIp;
    case 'uri':
      return (ctx) => ctx.uri;
    case 'header': {
      const lower = name.toLowerCase();
      return (ctx) => ctx.header(lower) ?? '';
    }
    case 'cookie':
      return (ctx) => ctx.cookie(name) ?? '';
    case 'template':
      return compileTemplate(name);
  }
}

export function unknownVariables(template: string): string[] {
  const unknown: string[] = [];
  for (const match of template.matchAll(VARIABLE)) {
    const variable = match[1] ?? match[2] ?? '';
    if (!PLAIN.has(variable) && !/^(http|cookie|arg)_./.test(variable)) unknown.push(variable);
  }
  return unknown;
}

function compileTemplate(template: string): (ctx: SelectionContext) => string {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push(variableGetter(match[1] ?? match[2] ?? ''));
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return (ctx) => {
    if (ctx.vars) return ctx.vars(template);
    let key = '';
    for (const part of parts) key += typeof part === 'string' ? part : part(ctx);
    return key;
  };
}

function variableGetter(variable: string): (ctx: SelectionContext) => string {
  switch (variable) {
    case 'request_uri':
      return (ctx) => ctx.uri;
    case 'uri':
      return (ctx) => pathOf(ctx.uri);
    case 'args':
    case 'query_string':
      return (ctx) => queryOf(ctx.uri);
    case 'is_args':
      return (ctx) => (ctx.uri.includes('?') ? '?' : '');
    case 'remote_addr':
      return (ctx) => ctx.clientIp;
  }
  if (variable.startsWith('http_')) {
    const header = variable.slice(5).toLowerCase().replaceAll('_', '-');
    return (ctx) => ctx.header(header) ?? '';
  }
  if (variable.startsWith('cookie_')) {
    const cookie = variable.slice(7);
    return (ctx) => ctx.cookie(cookie) ?? '';
  }
  if (variable.startsWith('arg_')) {
    const arg = variable.slice(4);
    return (ctx) => argument(queryOf(ctx.uri), arg);
  }
  // Any other name may be a `map` variable (pools compile before the maps they could name).
  return (ctx) => ctx.mapVariable?.(variable) ?? '';
}

function pathOf(uri: string): string {
  const q = uri.indexOf('?');
  return q === -1 ? uri : uri.slice(0, q);
}

function queryOf(uri: string): string {
  const q = uri.indexOf('?');
  return q === -1 ? '' : uri.slice(q + 1);
}

/** nginx's $arg_<name>: the raw (not decoded) value of the first "name=" pair, name compared case-insensitively. */
function argument(query: string, name: string): string {
  const lower = name.toLowerCase();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq !== -1 && pair.slice(0, eq).toLowerCase() === lower) return pair.slice(eq + 1);
  }
  return '';
}
