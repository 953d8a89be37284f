// The larger policy sections as nginx directives: cache, access and the CORS recipe.
import type { Policies } from '../config/policies.ts';
import { type NginxNode, blockNode, node } from './config-writer.ts';
import type { Groups, PolicyEnv } from './export-policy-env.ts';
import { formatDuration } from './nginx-values.ts';

export const DEFAULT_CACHE_KEY = '$scheme$proxy_host$request_uri';

function conditionVariable(c: { source: 'header' | 'cookie' | 'query' | 'variable'; name: string }): string {
  if (c.source === 'variable') return `$${c.name}`;
  if (c.source === 'header') return `$http_${c.name.toLowerCase().replace(/-/g, '_')}`;
  return c.source === 'cookie' ? `$cookie_${c.name}` : `$arg_${c.name}`;
}

export function cacheGroups(cache: NonNullable<Policies['cache']>, groups: Groups): void {
  groups.set('proxy_cache', [node('proxy_cache', cache.zone)]);
  groups.set('proxy_cache_key', [node('proxy_cache_key', cache.key ?? DEFAULT_CACHE_KEY)]);
  groups.set('proxy_cache_valid', cache.valid.map((v) => node('proxy_cache_valid', ...(v.statuses === 'any' ? ['any'] : v.statuses.map(String)), formatDuration(v.ttlMs, 'sec'))));
  groups.set('proxy_cache_methods', [node('proxy_cache_methods', ...cache.methods)]);
  groups.set('proxy_cache_min_uses', [node('proxy_cache_min_uses', String(cache.minUses))]);
  // Portico never serves or stores requests with Authorization or cookies unless allowed; nginx must be told.
  const credentials = [...(cache.allowAuthorized ? [] : ['$http_authorization']), ...(cache.allowCookies ? [] : ['$http_cookie'])];
  const bypass = [...cache.bypass.map(conditionVariable), ...credentials];
  const noStore = [...cache.noStore.map(conditionVariable), ...credentials];
  groups.set('proxy_cache_bypass', bypass.length > 0 ? [node('proxy_cache_bypass', ...bypass)] : []);
  groups.set('proxy_no_cache', noStore.length > 0 ? [node('proxy_no_cache', ...noStore)] : []);
  groups.set('proxy_cache_use_stale', [node('proxy_cache_use_stale', ...(cache.useStale.length > 0 ? cache.useStale : ['off']))]);
  groups.set('proxy_cache_background_update', [node('proxy_cache_background_update', cache.backgroundUpdate ? 'on' : 'off')]);
  groups.set('proxy_cache_lock', [node('proxy_cache_lock', cache.lock ? 'on' : 'off')]);
  groups.set('proxy_cache_lock_timeout', [node('proxy_cache_lock_timeout', formatDuration(cache.lockTimeoutMs, 'msec'))]);
  groups.set('proxy_cache_revalidate', [node('proxy_cache_revalidate', cache.revalidate ? 'on' : 'off')]);
  groups.set('proxy_ignore_headers', cache.ignoreSetCookie ? [node('proxy_ignore_headers', 'Set-Cookie')] : []);
}

export function accessGroups(access: NonNullable<Policies['access']>, env: PolicyEnv, groups: Groups): void {
  groups.set('allow_deny', access.rules.map((r) => node(r.action, r.source)));
  groups.set('satisfy', [node('satisfy', access.satisfy)]);
  if (access.basicAuth) {
    const users = access.basicAuth.users.map((u) => `${u.username}:${u.passwordHash}`).join('\n') + '\n';
    groups.set('auth_basic', [node('auth_basic', access.basicAuth.realm), node('auth_basic_user_file', env.htpasswdPath(users))]);
  } else groups.set('auth_basic', [node('auth_basic', 'off')]);
}

/** The CORS recipe nginx needs: answer preflights in an `if`, as the importer recognises it. */
export function corsBlock(cors: NonNullable<Policies['cors']>, origin: string): NginxNode[] {
  const headers = [node('add_header', 'Access-Control-Allow-Origin', origin)];
  if (cors.methods.length > 0) headers.push(node('add_header', 'Access-Control-Allow-Methods', cors.methods.join(', ')));
  if (cors.headers.length > 0) headers.push(node('add_header', 'Access-Control-Allow-Headers', cors.headers.join(', ')));
  if (cors.credentials) headers.push(node('add_header', 'Access-Control-Allow-Credentials', 'true'));
  headers.push(node('add_header', 'Access-Control-Max-Age', String(cors.maxAgeSeconds)));
  return [blockNode('if', ['($request_method', '=', 'OPTIONS)'], [...headers, node('return', '204')])];
}
