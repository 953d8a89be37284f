// How a level gets nginx's default back for a group its parent sets.
import { type NginxNode, node } from './config-writer.ts';
import { DEFAULT_CACHE_KEY } from './export-policy-parts.ts';

/**
 * What a level writes to get nginx's default back for a group its parent sets. For
 * lists these are no-ops the importer recognises (nginx adds no header with an empty
 * value, sends Host $proxy_host and hides X-Pad anyway, and "allow all" allows what no
 * rule allows). Groups missing here (limit_req, proxy_cache_valid ...) cannot be reset.
 */
export function resetGroup(key: string, accessLogPath: string): NginxNode[] | null {
  const single: Record<string, string[]> = {
    add_header: ['X-Portico-Inherit', ''],
    proxy_set_header: ['Host', '$proxy_host'],
    proxy_hide_header: ['X-Pad'],
    // Passing a header nginx does not hide changes nothing (the importer drops it).
    proxy_pass_header: ['X-Portico-Inherit'],
    proxy_cookie_path: ['off'],
    proxy_cookie_domain: ['off'],
    proxy_cookie_flags: ['off'],
    proxy_buffer_size: ['4k'],
    allow_deny: ['all'],
    proxy_http_version: ['1.1'],
    proxy_connect_timeout: ['60s'],
    proxy_send_timeout: ['60s'],
    proxy_read_timeout: ['60s'],
    proxy_cache: ['off'],
    proxy_cache_key: [DEFAULT_CACHE_KEY],
    proxy_cache_methods: ['GET', 'HEAD'],
    proxy_cache_min_uses: ['1'],
    proxy_cache_use_stale: ['off'],
    proxy_cache_background_update: ['off'],
    proxy_cache_lock: ['off'],
    proxy_cache_lock_timeout: ['5s'],
    proxy_cache_revalidate: ['off'],
    limit_req_status: ['503'],
    limit_req_dry_run: ['off'],
    limit_conn_status: ['503'],
    limit_conn_dry_run: ['off'],
    satisfy: ['all'],
    auth_basic: ['off'],
    client_max_body_size: ['1m'],
    proxy_buffering: ['on'],
    proxy_request_buffering: ['on'],
    proxy_force_ranges: ['off'],
    client_body_buffer_size: ['16k'],
    gzip: ['off'],
    gzip_comp_level: ['1'],
    gzip_min_length: ['20'],
    gzip_types: ['text/html'],
    gzip_proxied: ['off'],
    gzip_vary: ['off'],
    proxy_next_upstream: ['error', 'timeout'],
    proxy_next_upstream_tries: ['0'],
    proxy_next_upstream_timeout: ['0'],
    proxy_redirect: ['default'],
    expires: ['off'],
    access_log: [accessLogPath],
  };
  const args = single[key];
  if (!args) return null;
  return [node(key === 'allow_deny' ? 'allow' : key, ...args)];
}
