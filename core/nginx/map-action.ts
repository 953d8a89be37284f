// What a location does, decided as nginx decides it: `return` (rewrite phase) answers
// before anything else; then the content handler (proxy_pass); else static files.
import type { z } from 'zod';
import type { LocationAction, StaticAction } from '../config/location.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { mapProxyPass } from './map-proxy-pass.ts';
import { mapFileTypes } from './map-types.ts';
import { mapAutoindexOptions } from './map-autoindex.ts';
import { flagArg } from './map-values.ts';
import type { Scope } from './scope.ts';
import { unknownVariables, variablesIn } from './variables.ts';

export type Action = z.output<typeof LocationAction>;

/** Where nginx's compiled-in `root html` points on Debian and most packages. */
export const NGINX_DEFAULT_ROOT = '/usr/share/nginx/html';
const NGINX_PREFIX = '/usr/share/nginx/';

const OTHER_HANDLERS = ['fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass', 'stub_status', 'empty_gif', 'mp4', 'flv', 'perl', 'js_content'];
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** `return code [text]`, `return code URL`, `return URL` → a return or redirect action. */
export function mapReturn(d: NginxDirective, ctx: ImportContext, scope: Scope): Action | null {
  ctx.use(d);
  const [first = '', second] = d.args;
  if (second === undefined && /^(https?:\/\/|\$scheme)/.test(first)) return { kind: 'redirect', status: 302, url: first };
  const status = Number(first);
  if (!/^\d{3}$/.test(first) || ((status < 200 || status > 599) && status !== 444)) {
    ctx.warn(d, 'unsupported', `status "${first}" cannot be returned by Portico (200–599 or 444); not imported`);
    return null;
  }
  const unknown = unknownVariables(second ?? '', ctx.extraVariables);
  if (unknown.length > 0) ctx.warn(d, 'unsupported', `$${unknown[0]} is not a variable Portico knows; it will be empty in the response`);
  if (REDIRECT_CODES.has(status) && second !== undefined && second !== '') {
    return { kind: 'redirect', status: status as 301 | 302 | 303 | 307 | 308, url: second };
  }
  const type = scope.value('default_type');
  ctx.use(type);
  return { kind: 'return', status, body: second ?? '', contentType: type?.args[0] ?? 'text/plain' };
}

function absolutePath(d: NginxDirective, ctx: ImportContext, variablesAllowed = false): string | null {
  ctx.use(d);
  const path = d.args[0] ?? '';
  if (variablesAllowed) {
    const unknown = unknownVariables(path, ctx.extraVariables);
    if (unknown.length > 0) {
      ctx.warn(d, 'unsupported', `$${unknown[0]} is not a variable Portico knows; location not imported`);
      return null;
    }
  } else if (variablesIn(path).length > 0) {
    ctx.warn(d, 'unsupported', `${d.name} with variables is not supported; location not imported`);
    return null;
  }
  if (path.startsWith('/')) return path;
  ctx.warn(d, 'note', `relative path "${path}" is relative to nginx's prefix; imported as ${NGINX_PREFIX}${path}`);
  return NGINX_PREFIX + path;
}

function staticAction(scope: Scope, own: readonly NginxDirective[], ctx: ImportContext, regex: boolean, location: NginxDirective): Action | null {
  const action: z.output<typeof StaticAction> = { kind: 'static', index: ['index.html'], autoindex: false };
  const alias = own.find((d) => d.name === 'alias');
  if (alias) {
    // In a regex location the alias is the whole file path, captures and all (nginx).
    const path = absolutePath(alias, ctx, regex);
    if (path === null) return null;
    action.alias = path;
  } else {
    const root = scope.value('root');
    const path = root ? absolutePath(root, ctx) : NGINX_DEFAULT_ROOT;
    if (path === null) return null;
    if (!root) ctx.warn(location, 'note', `no root or alias: nginx serves files from its default root, imported as ${NGINX_DEFAULT_ROOT}`);
    action.root = path;
  }
  const index = scope.value('index');
  if (index) {
    ctx.use(index);
    const files = index.args.filter((f) => f.length > 0 && variablesIn(f).length === 0 && !/[\s\0]/.test(f) && !f.split('/').includes('..'));
    if (files.length < index.args.length) ctx.warn(index, 'unsupported', 'index entries with variables, spaces or ".." are not supported (dropped)');
    if (files.length > 0) action.index = files;
  }
  const tryFiles = own.find((d) => d.name === 'try_files');
  if (tryFiles) {
    ctx.use(tryFiles);
    // Only the last may name a location ("@fallback"); nginx takes an earlier "@x" as a file name.
    if (tryFiles.args.slice(0, -1).some((a) => a.startsWith('@'))) {
      ctx.warn(tryFiles, 'unsupported', 'try_files with a named location before the last argument is not supported (try_files not imported)');
    } else action.tryFiles = tryFiles.args.slice(0, 20);
  }
  const autoindex = scope.value('autoindex');
  action.autoindex = (autoindex && flagArg(autoindex, ctx)) ?? false;
  Object.assign(action, mapAutoindexOptions(scope, ctx));
  Object.assign(action, mapFileTypes(scope, ctx));
  return action;
}

export interface ActionInput {
  scope: Scope;
  own: readonly NginxDirective[];
  /** The location directive, for warnings about the location as a whole. */
  location: NginxDirective;
  /** Regex location, or nested in one: no URI part, no alias. */
  regex: boolean;
}

/** The action of a location, or null when it cannot be imported (warned). */
export function mapAction({ scope, own, location, regex }: ActionInput, ctx: ImportContext): Action | null {
  const returns = own.filter((d) => d.name === 'return');
  const proxyPass = own.find((d) => d.name === 'proxy_pass');
  const handler = own.find((d) => OTHER_HANDLERS.includes(d.name));
  if (returns[0]) {
    for (const other of [proxyPass, handler, ...returns.slice(1)]) {
      if (other) ctx.warn(other, 'note', 'never used: the location answers with "return" first (as in nginx)');
    }
    return mapReturn(returns[0], ctx, scope);
  }
  if (handler) {
    ctx.warn(handler, 'unsupported', `${handler.name} is not supported by Portico; location not imported`);
    return null;
  }
  if (proxyPass) {
    const alias = own.find((d) => d.name === 'alias');
    if (alias) ctx.warn(alias, 'note', 'has no effect next to proxy_pass (as in nginx)');
    return mapProxyPass(proxyPass, ctx, !regex, scope);
  }
  return staticAction(scope, own, ctx, regex, location);
}
