// Policies → nginx directives, grouped the way nginx inherits them: a group written at
// a level replaces the whole group of the enclosing level (add_header, proxy_set_header,
// allow/deny, limit_req ...), so a location writes a group only where it differs from
// its server, and always in full.
import type { Hsts } from '../config/host.ts';
import type { Policies } from '../config/policies.ts';
import type { z } from 'zod';
import { type NginxNode, commentNode, node } from './config-writer.ts';
import type { Groups, PolicyEnv } from './export-policy-env.ts';
import { accessGroups, cacheGroups } from './export-policy-parts.ts';
import { forwardAuthGroups } from './export-forward-auth.ts';
import { formatDuration, formatSize } from './nginx-values.ts';
import { proxyCookieGroups } from './export-cookies.ts';
import { errorPageGroups } from './export-rewrite.ts';
import { redirectNodes } from './export-redirects.ts';
import { charsetNodes } from './export-charset.ts';



function hstsValue(hsts: z.output<typeof Hsts>): string {
  return [`max-age=${hsts.maxAgeSeconds}`, hsts.includeSubDomains ? 'includeSubDomains' : '', hsts.preload ? 'preload' : ''].filter(Boolean).join('; ');
}

function addHeaders(p: Policies, env: PolicyEnv): NginxNode[] {
  const nodes = (p.responseHeaders?.add ?? []).map((h) => (h.always ? node('add_header', h.name, h.value, 'always') : node('add_header', h.name, h.value)));
  if (p.cache?.statusHeader) nodes.push(node('add_header', p.cache.statusHeader, '$upstream_cache_status'));
  const cors = p.cors;
  if (cors) {
    nodes.push(node('add_header', 'Access-Control-Allow-Origin', env.corsOrigin(cors), 'always'));
    if (cors.credentials) nodes.push(node('add_header', 'Access-Control-Allow-Credentials', 'true', 'always'));
    if (cors.exposeHeaders.length > 0) nodes.push(node('add_header', 'Access-Control-Expose-Headers', cors.exposeHeaders.join(', '), 'always'));
  }
  if (env.https && env.hsts.enabled) nodes.push(node('add_header', 'Strict-Transport-Security', hstsValue(env.hsts), 'always'));
  return nodes;
}

function proxyHeaders(p: Policies, env: PolicyEnv): NginxNode[] {
  const nodes = (p.proxyHeaders ?? []).map((h) => node('proxy_set_header', h.name, h.value));
  if (p.passHostHeader && !(p.proxyHeaders ?? []).some((h) => h.name.toLowerCase() === 'host')) {
    nodes.unshift(node('proxy_set_header', 'Host', '$host'));
  }
  if (env.forwardedProto && !(p.proxyHeaders ?? []).some((h) => h.name.toLowerCase() === 'x-forwarded-proto')) {
    nodes.push(node('proxy_set_header', 'X-Forwarded-Proto', '$scheme'));
  }
  if (p.websocket?.enabled) {
    nodes.push(node('proxy_set_header', 'Upgrade', '$http_upgrade'), node('proxy_set_header', 'Connection', `$${env.upgradeVariable}`));
  }
  return nodes;
}

/**
 * proxy_buffer_size; past 8k nginx -t also wants proxy_buffers big enough for its default
 * proxy_busy_buffers_size (twice the buffer size), which Portico does not otherwise need.
 */
function bufferSize(bytes: number): NginxNode[] {
  const size = formatSize(bytes, false);
  return bytes > 8192 ? [node('proxy_buffer_size', size), node('proxy_buffers', '8', size)] : [node('proxy_buffer_size', size)];
}

/**
 * What a server block can say: nginx reads "proxy_redirect default" only in a location,
 * after proxy_pass, so a host's list holding it is left to its locations (each writes
 * the list it inherits, in full); "default" alone is nginx's default anyway.
 */
export function serverLevel(p: Policies): Policies {
  const r = p.proxyRedirect;
  return r === 'default' || (Array.isArray(r) && r.includes('default')) ? { ...p, proxyRedirect: undefined } : p;
}

/** Every directive group that expresses `p` (the effective policies of a level). */
export function policyGroups(p: Policies, env: PolicyEnv): Groups {
  const groups: Groups = new Map();
  groups.set('proxy_set_header', proxyHeaders(p, env));
  groups.set('add_header', addHeaders(p, env));
  groups.set('proxy_hide_header', (p.responseHeaders?.hide ?? []).map((h) => node('proxy_hide_header', h)));
  groups.set('proxy_pass_header', (p.responseHeaders?.pass ?? []).map((h) => node('proxy_pass_header', h)));
  if (p.proxyCookies) proxyCookieGroups(p.proxyCookies, groups);
  groups.set('proxy_http_version', [node('proxy_http_version', p.websocket?.enabled ? '1.1' : (p.httpVersion ?? '1.1'))]);
  // WebSocket tunnels idle out on proxy_read_timeout in nginx; 60s is its default.
  const idleMs = p.websocket?.enabled && p.websocket.idleTimeoutMs !== 60000 ? p.websocket.idleTimeoutMs : undefined;
  const readMs = p.timeouts?.readMs ?? idleMs;
  if (p.timeouts) {
    groups.set('proxy_connect_timeout', [node('proxy_connect_timeout', formatDuration(p.timeouts.connectMs, 'msec'))]);
    groups.set('proxy_send_timeout', [node('proxy_send_timeout', formatDuration(p.timeouts.sendMs, 'msec'))]);
  }
  if (readMs !== undefined) groups.set('proxy_read_timeout', [node('proxy_read_timeout', formatDuration(readMs, 'msec'))]);
  if (p.cache) cacheGroups(p.cache, groups);
  if (p.rateLimits) {
    // nginx refuses a zone twice at one level; the first rule of a zone is kept.
    const rateLimits = p.rateLimits.filter((r, i, all) => all.findIndex((o) => o.zone === r.zone) === i);
    groups.set('limit_req', rateLimits.map((r) => node('limit_req', `zone=${r.zone}`, ...(r.burst > 0 ? [`burst=${r.burst}`] : []), ...(r.nodelay ? ['nodelay'] : r.delay > 0 ? [`delay=${r.delay}`] : []))));
    const first = p.rateLimits[0];
    if (first) {
      groups.set('limit_req_status', [node('limit_req_status', String(first.status))]);
      groups.set('limit_req_dry_run', [node('limit_req_dry_run', first.dryRun ? 'on' : 'off')]);
    }
  }
  if (p.connLimits) {
    const connLimits = p.connLimits.filter((r, i, all) => all.findIndex((o) => o.zone === r.zone) === i);
    groups.set('limit_conn', connLimits.map((r) => node('limit_conn', r.zone, String(r.max))));
    const first = p.connLimits[0];
    if (first) {
      groups.set('limit_conn_status', [node('limit_conn_status', String(first.status))]);
      groups.set('limit_conn_dry_run', [node('limit_conn_dry_run', first.dryRun ? 'on' : 'off')]);
    }
  }
  if (p.access) accessGroups(p.access, env, groups);
  forwardAuthGroups(p, env.authLocations, groups);
  if (p.maxBodyBytes !== undefined) groups.set('client_max_body_size', [node('client_max_body_size', formatSize(p.maxBodyBytes, true))]);
  if (p.buffering) {
    groups.set('proxy_buffering', [node('proxy_buffering', p.buffering.enabled ? 'on' : 'off')]);
    groups.set('proxy_buffer_size', bufferSize(p.buffering.headerBufferBytes));
  }
  if (p.forceRanges !== undefined) groups.set('proxy_force_ranges', [node('proxy_force_ranges', p.forceRanges ? 'on' : 'off')]);
  if (p.requestBuffering) {
    groups.set('proxy_request_buffering', [node('proxy_request_buffering', p.requestBuffering.enabled ? 'on' : 'off')]);
    groups.set('client_body_buffer_size', [node('client_body_buffer_size', formatSize(p.requestBuffering.memoryBytes, false))]);
  }
  if (p.compression) {
    const c = p.compression;
    const types = c.types.filter((t) => t !== 'text/html');
    groups.set('gzip', [node('gzip', c.gzip ? 'on' : 'off')]);
    groups.set('gzip_comp_level', [node('gzip_comp_level', String(c.level))]);
    groups.set('gzip_min_length', [node('gzip_min_length', String(c.minLength))]);
    groups.set('gzip_types', [node('gzip_types', ...(types.length > 0 ? types : ['text/html']))]);
    groups.set('gzip_proxied', [node('gzip_proxied', ...c.proxied)]);
    groups.set('gzip_vary', [node('gzip_vary', c.vary ? 'on' : 'off')]);
    if (c.brotli) groups.set('brotli', [commentNode('portico: brotli compression needs the third-party ngx_brotli module')]);
  }
  if (p.retry) {
    groups.set('proxy_next_upstream', [node('proxy_next_upstream', ...(p.retry.on.length > 0 ? p.retry.on : ['off']))]);
    groups.set('proxy_next_upstream_tries', [node('proxy_next_upstream_tries', String(p.retry.tries))]);
    groups.set('proxy_next_upstream_timeout', [node('proxy_next_upstream_timeout', formatDuration(p.retry.timeoutMs, 'msec'))]);
  }
  if (p.proxyRedirect !== undefined) {
    const r = p.proxyRedirect;
    groups.set('proxy_redirect', typeof r === 'string' ? [node('proxy_redirect', r)] : r.map((rule) => (rule === 'default' ? node('proxy_redirect', 'default') : node('proxy_redirect', rule.from, rule.to))));
  }
  if (p.expiresMs !== undefined) {
    groups.set('expires', [node('expires', typeof p.expiresMs === 'number' ? formatDuration(p.expiresMs, 'sec') : p.expiresMs)]);
  }
  if (p.accessLog !== undefined) groups.set('access_log', [node('access_log', p.accessLog ? env.accessLogPath : 'off')]);
  errorPageGroups(p, groups);
  groups.set('server_tokens', [node('server_tokens', (p.serverTokens ?? env.serverTokens) ? 'on' : 'off')]);
  for (const [name, directive] of redirectNodes(p.redirects)) groups.set(name, [directive]);
  for (const [name, directive] of charsetNodes(p.charset)) groups.set(name, [directive]);
  return groups;
}

